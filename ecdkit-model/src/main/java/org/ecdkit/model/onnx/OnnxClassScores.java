package org.ecdkit.model.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many classes a detector scores per box, where its graph says so the way torchvision's R-CNNs
 * (Faster, Mask, Keypoint) do: one Softmax over the last axis of a Gemm, the box predictor's
 * {@code cls_score} layer, whose weights ([classes, features] with {@code transB}) fix the count,
 * background included. A graph with no such Softmax, or with several, tells nothing.
 */
final class OnnxClassScores {

    private OnnxClassScores() {
    }

    static OptionalInt of(GraphProto graph) {
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto node : graph.nodes()) {
            node.outputs().forEach(output -> producers.put(output, node));
        }
        OptionalInt found = OptionalInt.empty();
        for (NodeProto node : graph.nodes()) {
            if (!node.opType().equals("Softmax") || node.inputs().isEmpty()) {
                continue;
            }
            NodeProto gemm = producers.get(node.inputs().get(0));
            if (gemm == null || !gemm.opType().equals("Gemm") || gemm.inputs().size() < 2) {
                continue;
            }
            List<Long> weights = graph.initializerDims().getOrDefault(gemm.inputs().get(1), List.of());
            long axis = node.axis().orElse(1);
            if (weights.size() != 2 || axis != 1 && axis != -1) {
                continue;
            }
            boolean transposed = !gemm.ints("transB").isEmpty() && gemm.ints("transB").get(0) == 1;
            long classes = transposed ? weights.get(0) : weights.get(1);
            if (found.isPresent() || classes < 1 || classes > Integer.MAX_VALUE) {
                return OptionalInt.empty();
            }
            found = OptionalInt.of((int) classes);
        }
        return found;
    }
}
