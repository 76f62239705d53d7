package org.ecdkit.inference;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.LayoutInference;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLimits;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.ModelFiles;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.runtime.RunnableModel;

/**
 * A definition ready to run: its deep-learning definition, its model found and checked against the
 * digest, and the model's image input with a layout to feed. What classify and detect both need
 * before the first tile.
 *
 * @param file       the .ecd
 * @param definition its deep-learning definition
 * @param reference  the model reference
 * @param model      the model's path, verified
 * @param input      the image input, with a known layout
 */
public record RunnableDefinition(Path file, ClassifierDefinition definition, ModelReference reference, Path model,
        TensorSpec input) {

    /** Reads {@code file}, verifies its model, and tells {@code noted} what it noticed. */
    public static RunnableDefinition open(Path file, boolean allowChangedModel, Consumer<Finding> noted) {
        Parsed<ClassifierDefinitionFile> parsed = EcdReader.read(file);
        parsed.findings().forEach(noted);
        ClassifierDefinition definition = deepLearning(file, parsed.value());
        ModelReference reference = definition.model().orElseThrow();
        List<Finding> modelFindings = new java.util.ArrayList<>();
        Path model = ModelFiles.verify(file, reference, allowChangedModel, modelFindings);
        modelFindings.forEach(noted);
        return new RunnableDefinition(file, definition, reference, model, imageInput(file, reference, noted));
    }

    private static ClassifierDefinition deepLearning(Path file, ClassifierDefinitionFile content) {
        for (ClassifierDefinition definition : content.definitions()) {
            if (definition.isDeepLearning()) {
                return definition;
            }
        }
        ClassifierDefinition first = content.first();
        throw new UnsupportedInputException(Place.of(file), "a " + first.classifier() + " definition is a statistical "
                + "classifier trained in ArcGIS; ecdkit runs deep-learning definitions only");
    }

    private static TensorSpec imageInput(Path file, ModelReference reference, Consumer<Finding> noted) {
        Optional<TensorSpec> recorded = reference.signature().input(reference.inputName());
        if (recorded.isPresent() && recorded.get().layout().layout() != Layout.UNKNOWN) {
            TensorLimits.check(Place.in(file, "ModelSignature"), recorded.get());
            return recorded.get();
        }
        noted.accept(Finding.warning("input-layout", file + ": the definition does not record the layout of input \""
                + reference.inputName() + "\"; NCHW with free sizes is assumed"));
        Shape shape = Shape.of(List.of(Dim.unknown(), Dim.unknown(), Dim.unknown(), Dim.unknown()));
        return TensorSpec.read(reference.inputName(), ElementType.FLOAT32, shape,
                LayoutInference.infer(shape, true, Layout.NCHW, "the assumption"));
    }

    /**
     * Every file the model is made of (a SavedModel's variables, an ONNX model's external data), so
     * that no output is ever written over one.
     */
    public List<Path> modelFiles() {
        Path base = java.nio.file.Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        List<Path> files = new java.util.ArrayList<>();
        files.add(model);
        reference.files().forEach(f -> files.add(base.resolve(f)));
        return files;
    }

    /** The model as a runtime opens it for {@code outputs}: a SavedModel's names are its signature's. */
    public RunnableModel runnable(List<String> outputs) {
        return new RunnableModel(model, reference.format(), reference.inputName(), outputs,
                reference.signature().properties().getOrDefault("signature", ""));
    }
}
