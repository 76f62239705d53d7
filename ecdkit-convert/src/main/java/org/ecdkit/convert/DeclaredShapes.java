package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.ShapeSource;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;

/**
 * Shapes for a model that records none (TorchScript), declared from the class-info file and
 * marked so in the definition: the first input takes {@code [N, NumberRasterBands, H, W]}, the first
 * output gives {@code [N, classes, H, W]}, channels first as PyTorch has them, float32, with the tile
 * size when the class info gives one. Nothing is verified against the model; the definition and
 * the user are told.
 *
 * @param signature the signature with the declared shapes in place
 * @param findings  what was declared
 */
record DeclaredShapes(ModelSignature signature, List<Finding> findings) {

    static DeclaredShapes apply(Path model, ModelSignature signature, ClassInfo info) {
        if (signature.format() != ModelFormat.TORCHSCRIPT) {
            return new DeclaredShapes(signature, List.of());
        }
        Dim height = dim(info.settings().imageHeight());
        Dim width = dim(info.settings().imageWidth());
        List<TensorSpec> inputs = declareFirst(signature.inputs(), info.numberRasterBands(), height, width);
        List<TensorSpec> outputs = declareFirst(signature.outputs(), info.classes().size(), height, width);
        List<Finding> findings = new ArrayList<>();
        if (!inputs.equals(signature.inputs()) || !outputs.equals(signature.outputs())) {
            findings.add(Finding.warning("shapes-declared", model + ": TorchScript records no shapes; the definition "
                    + "declares input " + describe(inputs) + " from NumberRasterBands and output " + describe(outputs)
                    + " from Classes (" + info.file() + "), not checked against the model"));
        }
        ModelSignature declared = new ModelSignature(signature.format(), signature.formatVersion(), signature.producer(),
                inputs, outputs, signature.properties(), signature.notes());
        return new DeclaredShapes(declared, findings);
    }

    private static List<TensorSpec> declareFirst(List<TensorSpec> tensors, int channels, Dim height, Dim width) {
        List<TensorSpec> result = new ArrayList<>(tensors);
        if (!result.isEmpty() && !result.get(0).shape().rankKnown()) {
            TensorSpec first = result.get(0);
            Shape shape = Shape.of(List.of(Dim.unknown(), channels > 0 ? Dim.of(channels) : Dim.unknown(), height, width));
            TensorLayout layout = new TensorLayout(Layout.NCHW, Confidence.CONVENTION,
                    "declared by the class-info file; PyTorch puts channels first");
            result.set(0, new TensorSpec(first.name(), ElementType.FLOAT32, shape, layout, ShapeSource.DECLARED));
        }
        return result;
    }

    private static Dim dim(OptionalInt size) {
        return size.isPresent() ? Dim.of(size.getAsInt()) : Dim.unknown();
    }

    private static String describe(List<TensorSpec> tensors) {
        return tensors.isEmpty() ? "(none)" : "\"" + tensors.get(0).name() + "\" " + tensors.get(0).shape();
    }
}
