package org.ecdkit.translate.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.model.keras.KerasArchitecture;
import org.ecdkit.model.keras.KerasLayer;
import org.ecdkit.model.keras.KerasModelFile;
import org.ecdkit.translate.onnx.OnnxGraph;
import org.ecdkit.translate.onnx.proto.Onnx.ModelProto;

/**
 * Translates a Sequential or functional Keras model into ONNX, layer by layer, with its weights.
 * Inputs and outputs keep the names and the channels-last order Keras gives them, so a definition
 * made from the Keras file describes the translation exactly; inside, image tensors are moved to
 * ONNX's channels-first order once and stay there until a layer needs Keras's order again.
 *
 * <p>Everything that would stop the translation is found from the config alone
 * ({@link #blockers}), before a weight is read: a layer class outside {@link KerasLayers}, a Lambda
 * (Python code, which no file format can carry), a layer called more than once, a nested model.
 */
public final class KerasTranslator {

    private KerasTranslator() {
    }

    /** What stops {@code architecture} from being translated, one line per layer; empty when nothing does. */
    public static List<String> blockers(KerasArchitecture architecture) {
        List<String> blockers = new ArrayList<>();
        List<KerasLayer> layers = architecture.layers();
        for (int i = 0; i < layers.size(); i++) {
            KerasLayer layer = layers.get(i);
            String where = "layer " + Printable.quoted(layer.name()) + " (" + layer.className() + ", " + (i + 1) + " of "
                    + layers.size() + ")";
            if (layer.className().equals("InputLayer")) {
                continue;
            }
            if (layer.className().equals("Lambda") || layer.className().equals("TFOpLambda")
                    || layer.className().equals("SlicingOpLambda")) {
                blockers.add(where + " holds Python code, which a model file cannot carry: no runtime outside Python "
                        + "can run it; rebuild the model without it");
            } else if (layer.isModel()) {
                blockers.add(where + " is a nested model, which ecdkit does not translate yet; flatten the model first");
            } else if (KerasLayers.translation(layer.className()).isEmpty()) {
                blockers.add(where + " has no ONNX translation in ecdkit");
            } else if (layer.callCount() > 1) {
                blockers.add(where + " is called " + layer.callCount() + " times (shared weights), which ecdkit does not "
                        + "translate");
            }
        }
        for (TensorSpec input : architecture.inputs()) {
            if (!input.shape().rankKnown()) {
                blockers.add("input " + Printable.quoted(input.name()) + " has no recorded shape");
            }
        }
        return blockers;
    }

    public static ModelProto translate(KerasModelFile model, String producerVersion) {
        KerasArchitecture architecture = model.architecture();
        List<String> blockers = blockers(architecture);
        if (!blockers.isEmpty()) {
            throw new UnsupportedInputException(Place.of(model.file()), blockers.get(0)
                    + (blockers.size() > 1 ? " (and " + (blockers.size() - 1) + " more: ecdkit inspect lists them)" : ""));
        }
        OnnxGraph onnx = new OnnxGraph(architecture.className().toLowerCase(java.util.Locale.ROOT));
        KerasGraph graph = new KerasGraph(onnx, architecture.imageLayout() != Layout.NCHW, architecture.kerasMajor());
        architecture.outputs().forEach(o -> onnx.reserve(o.name()));
        Map<String, KerasTensor> tensors = new HashMap<>();
        List<KerasLayer> layers = architecture.layers();
        if (architecture.sequential()) {
            TensorSpec spec = architecture.inputs().get(0);
            KerasTensor current = input(onnx, spec);
            for (KerasLayer layer : layers) {
                if (!layer.className().equals("InputLayer")) {
                    current = translate(model, layer, List.of(current), graph);
                }
            }
            output(onnx, graph, current, architecture.outputs().get(0).name());
        } else {
            for (TensorSpec spec : architecture.inputs()) {
                tensors.put(spec.name(), input(onnx, spec));
            }
            for (KerasLayer layer : layers) {
                if (layer.className().equals("InputLayer")) {
                    if (!tensors.containsKey(layer.name())) {
                        throw new UnsupportedInputException(Place.of(model.file()), "input layer " + Printable.quoted(layer.name())
                                + " is not among the model's inputs");
                    }
                    continue;
                }
                List<KerasTensor> inputs = new ArrayList<>();
                for (String inbound : layer.inbound()) {
                    KerasTensor tensor = tensors.get(inbound);
                    if (tensor == null) {
                        throw new UnsupportedInputException(Place.of(model.file()), "layer " + Printable.quoted(layer.name())
                                + " takes the output of " + Printable.quoted(inbound) + ", which no earlier layer makes");
                    }
                    inputs.add(tensor);
                }
                tensors.put(layer.name(), translate(model, layer, inputs, graph));
            }
            for (TensorSpec spec : architecture.outputs()) {
                KerasTensor tensor = tensors.get(spec.name());
                if (tensor == null) {
                    throw new UnsupportedInputException(Place.of(model.file()), "output " + Printable.quoted(spec.name())
                            + " is no layer of the model");
                }
                output(onnx, graph, tensor, spec.name());
            }
        }
        String doc = "Translated by ecdkit from " + model.format().withArticle() + " (" + model.file().getFileName() + ")";
        return onnx.model("ecdkit", producerVersion, doc, List.of(
                new String[] {"ecdkit.translated_from", model.format().id()},
                new String[] {"keras_version", architecture.kerasVersion()}));
    }

    private static KerasTensor translate(KerasModelFile model, KerasLayer layer, List<KerasTensor> inputs, KerasGraph graph) {
        LayerConfig config = new LayerConfig(model.file(), layer);
        LayerTranslation translation = KerasLayers.translation(layer.className())
                .orElseThrow(() -> config.unsupported("has no ONNX translation in ecdkit"));
        return translation.translate(config, inputs, model.weights(layer), graph);
    }

    private static KerasTensor input(OnnxGraph onnx, TensorSpec spec) {
        int rank = spec.shape().rank();
        long[] dims = new long[rank];
        String[] symbols = new String[rank];
        for (int i = 0; i < rank; i++) {
            Dim dim = spec.shape().dim(i);
            dims[i] = dim.sizeOrMinusOne();
            symbols[i] = dim instanceof Dim.Symbolic symbolic ? symbolic.name() : i == 0 ? "batch" : spec.name() + "_" + i;
        }
        return new KerasTensor(onnx.input(spec.name(), dims, symbols), rank, false);
    }

    private static void output(OnnxGraph onnx, KerasGraph graph, KerasTensor tensor, String name) {
        onnx.output(graph.kerasOrder(tensor).value(), name);
    }
}
