package org.ecdkit.translate.tflite;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.model.tflite.TfliteGraph;
import org.ecdkit.model.tflite.TfliteGraphTensor;
import org.ecdkit.model.tflite.TfliteOperator;
import org.ecdkit.translate.onnx.OnnxGraph;
import org.ecdkit.translate.onnx.proto.Onnx.ModelProto;

/**
 * Translates a TFLite model's main subgraph into ONNX, operator by operator in TFLite's execution
 * order, weights dequantized at translation time (float16, and int8 per tensor or per channel).
 * Inputs and outputs keep their tensor names and TFLite's channels-last shapes.
 */
public final class TfliteTranslator {

    private TfliteTranslator() {
    }

    /** What would stop the translation, one line per operator or tensor; empty when nothing does. */
    public static List<String> blockers(TfliteGraph graph) {
        List<String> blockers = new ArrayList<>();
        for (int index : graph.inputs()) {
            TfliteGraphTensor input = graph.tensor(index);
            if (!TfliteOperations.floatInput(input)) {
                blockers.add("input \"" + input.name() + "\" is " + input.elementType().label() + "; ecdkit translates models "
                        + "whose input is float32 (convert with inference_input_type float32)");
            }
        }
        for (TfliteOperator op : graph.operators()) {
            if (!TfliteOperations.translates(op)) {
                blockers.add("operator " + op.index() + " (" + op.label() + ") has no ONNX translation in ecdkit");
            }
            for (int output : op.outputs()) {
                TfliteGraphTensor tensor = graph.tensor(output);
                if (tensor.quantization().isPresent() && tensor.type() == TfliteGraphTensor.INT16) {
                    blockers.add("operator " + op.index() + " (" + op.label() + ") makes tensor \"" + tensor.name()
                            + "\" quantized to int16 (16-bit activations), which has no float equivalent in ONNX opset "
                            + OnnxGraph.OPSET);
                    break;
                }
            }
        }
        return blockers;
    }

    public static ModelProto translate(TfliteGraph graph, String producerVersion) {
        List<String> blockers = blockers(graph);
        if (!blockers.isEmpty()) {
            throw new UnsupportedInputException(Place.of(graph.file()), blockers.get(0)
                    + (blockers.size() > 1 ? " (and " + (blockers.size() - 1) + " more: ecdkit inspect lists them)" : ""));
        }
        OnnxGraph onnx = new OnnxGraph("tflite");
        for (int index : graph.outputs()) {
            onnx.reserve(graph.tensor(index).name());
        }
        TfliteValues values = new TfliteValues(onnx, graph);
        for (int index : graph.inputs()) {
            TfliteGraphTensor input = graph.tensor(index);
            long[] dims = new long[input.rank()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = input.shape()[i];
            }
            values.define(index, onnx.input(input.name(), dims, true));
        }
        for (TfliteOperator op : graph.operators()) {
            TfliteOperations.translate(op, values);
        }
        for (int index : graph.outputs()) {
            String value = values.nhwc(index);
            if (value == null) {
                throw new UnsupportedInputException(Place.of(graph.file()), "output \"" + graph.tensor(index).name()
                        + "\" is made by no operator");
            }
            onnx.output(value, graph.tensor(index).name());
        }
        return onnx.model("ecdkit", producerVersion, "Translated by ecdkit from a TFLite FlatBuffer ("
                + graph.file().getFileName() + ")", List.<String[]>of(new String[] {"ecdkit.translated_from", "tflite"}));
    }
}
