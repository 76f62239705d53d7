package org.ecdkit.translate.keras;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.model.keras.KerasWeight;

/**
 * Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate. Their inputs must share an
 * axis order: where they differ, image tensors are all moved channels first (where the
 * convolutions around them want them).
 */
final class MergingLayers {

    private MergingLayers() {
    }

    static LayerTranslation elementwise(String onnxOp) {
        return (layer, inputs, weights, graph) -> {
            List<KerasTensor> aligned = aligned(layer, inputs, graph);
            if (onnxOp.equals("Sub") && aligned.size() != 2) {
                throw layer.unsupported("called on " + aligned.size() + " tensors; it subtracts one from another");
            }
            String[] values = aligned.stream().map(KerasTensor::value).toArray(String[]::new);
            String out;
            if (onnxOp.equals("Add") || onnxOp.equals("Mul") || onnxOp.equals("Sub")) {
                out = values[0];
                for (int i = 1; i < values.length; i++) {
                    out = graph.onnx().node(onnxOp, out, values[i]).output(i == values.length - 1 ? layer.name() : layer.name() + "_" + i);
                }
            } else {
                out = graph.onnx().node(onnxOp, values).output(layer.name());
            }
            KerasTensor first = aligned.get(0);
            return new KerasTensor(out, first.rank(), first.permuted());
        };
    }

    static KerasTensor concatenate(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        List<KerasTensor> aligned = aligned(layer, inputs, graph);
        KerasTensor first = aligned.get(0);
        int axis = KerasGraph.onnxAxis(first, layer.axis("axis", -1), layer);
        String out = graph.onnx().node("Concat", aligned.stream().map(KerasTensor::value).toArray(String[]::new))
                .attr("axis", (long) axis).output(layer.name());
        return new KerasTensor(out, first.rank(), first.permuted());
    }

    private static List<KerasTensor> aligned(LayerConfig layer, List<KerasTensor> inputs, KerasGraph graph) {
        if (inputs.size() < 2) {
            throw layer.unsupported("called on " + inputs.size() + " tensor; it merges two or more");
        }
        int rank = inputs.get(0).rank();
        if (inputs.stream().anyMatch(t -> t.rank() != rank)) {
            throw layer.unsupported("merges tensors of different ranks, which ecdkit does not translate (broadcasting)");
        }
        boolean mixed = inputs.stream().map(KerasTensor::permuted).distinct().count() > 1;
        if (!mixed) {
            return inputs;
        }
        List<KerasTensor> result = new ArrayList<>();
        for (KerasTensor input : inputs) {
            result.add(graph.channelsFirst(input));
        }
        return result;
    }
}
