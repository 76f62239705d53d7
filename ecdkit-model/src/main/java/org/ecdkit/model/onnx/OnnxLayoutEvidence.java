package org.ecdkit.model.onnx;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.TensorLayout;

/**
 * What an ONNX graph itself says about the layout of its image input and output. ONNX's
 * convolution and pooling operators take NCHW only, so an input that reaches a Conv through
 * element-wise steps (normalisation, casting) is NCHW by the model's own statement; one that first
 * meets {@code Transpose(perm=[0,3,1,2])} arrives NHWC. On the output side, the axis of a final
 * Softmax or ArgMax names the class axis.
 *
 * <p>A 3-axis input is either a batch of one-band images ([N, H, W]) or one image without a batch
 * axis ([C, H, W] or [H, W, C]), as torchvision's detectors take it (a list of images, exported as
 * one). The graph tells them apart: an unbatched image gets its batch axis from the graph
 * ({@code Unsqueeze} over axis 0) on its way to the first convolution, whose weights
 * ([out, in / group, kh, kw]) say how many channels arrive; the axis of that size is the channel axis.
 */
final class OnnxLayoutEvidence {

    private static final int MAX_STEPS = 8;

    /** Operators whose first input is NCHW by definition (onnx/docs/Operators.md). */
    private static final Set<String> CHANNELS_FIRST_OPS = Set.of("Conv", "ConvTranspose", "ConvInteger", "QLinearConv",
            "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
            "InstanceNormalization", "LRN");

    /** Operators that keep their input's layout: evidence is looked for on their other side. */
    private static final Set<String> LAYOUT_PRESERVING_OPS = Set.of("Identity", "Cast", "Sub", "Div", "Mul", "Add",
            "Clip", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Dropout", "Resize", "Upsample", "Sqrt", "Neg", "Abs",
            "QuantizeLinear", "DequantizeLinear", "Exp", "Log", "Pow");

    /** Operators an unbatched image may pass through before its first convolution (torchvision's transform). */
    private static final Set<String> PREPROCESSING_OPS = Set.of("Unsqueeze", "Squeeze", "Gather", "Pad", "Concat",
            "Slice", "Expand", "Reshape", "Transpose");
    private static final int MAX_PREPROCESSING_NODES = 64;

    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<Long>> initializerDims;
    private final long opset;

    OnnxLayoutEvidence(GraphProto graph, long defaultOpset) {
        this.opset = defaultOpset;
        this.initializerDims = graph.initializerDims();
        for (NodeProto node : graph.nodes()) {
            for (String input : node.inputs()) {
                consumers.computeIfAbsent(input, k -> new java.util.ArrayList<>()).add(node);
            }
            for (String output : node.outputs()) {
                producers.put(output, node);
            }
        }
    }

    /** The layout of an input, from the first node that tells it. */
    Optional<TensorLayout> forInput(String name, org.ecdkit.core.model.Shape shape) {
        if (shape.rankKnown() && shape.rank() == 3) {
            return unbatchedImage(name, shape);
        }
        if (!shape.rankKnown() || shape.rank() != 4) {
            return Optional.empty();
        }
        ArrayDeque<String> tensors = new ArrayDeque<>(List.of(name));
        for (int step = 0; step < MAX_STEPS && !tensors.isEmpty(); step++) {
            String tensor = tensors.poll();
            for (NodeProto node : consumers.getOrDefault(tensor, List.of())) {
                if (CHANNELS_FIRST_OPS.contains(node.opType()) && tensor.equals(first(node.inputs()))) {
                    return declared(Layout.NCHW, "fed to a " + node.opType() + " node, which takes NCHW");
                }
                if (node.opType().equals("Transpose")) {
                    if (node.perm().equals(List.of(0L, 3L, 1L, 2L))) {
                        return declared(Layout.NHWC, "transposed from NHWC to NCHW by the graph's first Transpose");
                    }
                    if (node.perm().equals(List.of(0L, 2L, 3L, 1L))) {
                        return declared(Layout.NCHW, "transposed from NCHW to NHWC by the graph's first Transpose");
                    }
                }
                if (LAYOUT_PRESERVING_OPS.contains(node.opType()) && !node.outputs().isEmpty()) {
                    tensors.add(node.outputs().get(0));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * CHW or HWC for a 3-axis input the graph gives a batch axis before its first convolution; empty
     * for one that reaches a convolution otherwise (a batch of one-band images) or none at all.
     */
    private Optional<TensorLayout> unbatchedImage(String name, org.ecdkit.core.model.Shape shape) {
        ArrayDeque<String> tensors = new ArrayDeque<>(List.of(name));
        java.util.Set<String> seen = new java.util.HashSet<>(tensors);
        boolean batchAdded = false;
        boolean axisRead = false;
        int visited = 0;
        while (!tensors.isEmpty() && visited < MAX_PREPROCESSING_NODES) {
            String tensor = tensors.poll();
            for (NodeProto node : consumers.getOrDefault(tensor, List.of())) {
                visited++;
                String op = node.opType();
                if (op.equals("Conv") && tensor.equals(first(node.inputs())) && node.inputs().size() > 1) {
                    if (!batchAdded) {
                        return Optional.empty();
                    }
                    List<Long> weights = initializerDims.getOrDefault(node.inputs().get(1), List.of());
                    long groups = node.ints("group").isEmpty() ? 1 : node.ints("group").get(0);
                    return weights.size() == 4 ? channelAxis(shape, weights.get(1) * groups, axisRead) : Optional.empty();
                }
                if (op.equals("Unsqueeze") && unsqueezesAxisZero(node)) {
                    batchAdded = true;
                    axisRead |= !node.ints("axes").isEmpty();
                }
                if ((LAYOUT_PRESERVING_OPS.contains(op) || PREPROCESSING_OPS.contains(op)) && !node.outputs().isEmpty()
                        && seen.add(node.outputs().get(0))) {
                    tensors.add(node.outputs().get(0));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an Unsqueeze adds axis 0: its {@code axes} attribute says so up to opset 12; from 13 the
     * axes are an input whose values are not read, so any Unsqueeze may be it, and
     * {@link #channelAxis} then wants a fixed end axis of the convolution's channel count as well.
     */
    private boolean unsqueezesAxisZero(NodeProto node) {
        List<Long> axes = node.ints("axes");
        if (!axes.isEmpty()) {
            return axes.equals(List.of(0L));
        }
        return opset >= 13 && node.inputs().size() == 2;
    }

    /**
     * @param axisRead whether the added axis is known to be 0 (an Unsqueeze attribute), so that free
     *                 sizes may fall back on torchvision's channels-first order
     */
    private static Optional<TensorLayout> channelAxis(org.ecdkit.core.model.Shape shape, long channels, boolean axisRead) {
        long first = shape.dim(0).sizeOrMinusOne();
        long last = shape.dim(2).sizeOrMinusOne();
        String why = "an image without a batch axis: the graph adds one (" + (axisRead ? "Unsqueeze over axis 0" : "Unsqueeze")
                + ") and its first Conv takes " + channels + (channels == 1 ? " channel" : " channels");
        if (first == channels && last != channels) {
            return declared(Layout.CHW, why);
        }
        if (last == channels && first != channels) {
            return declared(Layout.HWC, why + ", the size of the last axis");
        }
        if (axisRead && (first < 0 && last < 0 || first == channels)) {
            return declared(Layout.CHW, why + "; channels first, as torchvision takes them");
        }
        return Optional.empty();
    }

    /** The layout of an output, from the node that produces it (through layout-preserving steps). */
    Optional<TensorLayout> forOutput(String name, int rank) {
        String tensor = name;
        for (int step = 0; step < MAX_STEPS; step++) {
            NodeProto node = producers.get(tensor);
            if (node == null) {
                return Optional.empty();
            }
            switch (node.opType()) {
                case "ArgMax", "ArgMin" -> {
                    return argMax(node, rank);
                }
                case "Softmax", "LogSoftmax" -> {
                    long axis = node.axis().orElse(opset >= 13 ? -1 : 1);
                    return classAxis(axis, rank, node.opType() + " over axis " + axis);
                }
                case "Transpose" -> {
                    if (rank == 4 && node.perm().equals(List.of(0L, 2L, 3L, 1L))) {
                        return declared(Layout.NHWC, "transposed to NHWC by the graph's last Transpose");
                    }
                    if (rank == 4 && node.perm().equals(List.of(0L, 3L, 1L, 2L))) {
                        return declared(Layout.NCHW, "transposed to NCHW by the graph's last Transpose");
                    }
                    return Optional.empty();
                }
                default -> {
                    if (CHANNELS_FIRST_OPS.contains(node.opType()) && rank == 4) {
                        return declared(Layout.NCHW, "produced by a " + node.opType() + " node, which gives NCHW");
                    }
                    if (!LAYOUT_PRESERVING_OPS.contains(node.opType()) || node.inputs().isEmpty()) {
                        return Optional.empty();
                    }
                    tensor = node.inputs().get(0);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<TensorLayout> argMax(NodeProto node, int rank) {
        long axis = node.axis().orElse(0);
        boolean keep = node.keepdims().orElse(1) != 0;
        if (keep) {
            return classAxis(axis, rank, node.opType() + " over axis " + axis + ", keeping it");
        }
        int scoreRank = rank + 1;
        boolean channelsFirst = axis == 1;
        boolean channelsLast = axis == scoreRank - 1 || axis == -1;
        if (rank == 3 && (channelsFirst || channelsLast)) {
            return declared(Layout.NHW, node.opType() + " over the class axis " + axis + " of the scores");
        }
        return Optional.empty();
    }

    private static Optional<TensorLayout> classAxis(long axis, int rank, String what) {
        if (rank != 4) {
            return Optional.empty();
        }
        if (axis == 1 || axis == -3) {
            return declared(Layout.NCHW, what);
        }
        if (axis == 3 || axis == -1) {
            return declared(Layout.NHWC, what);
        }
        return Optional.empty();
    }

    private static Optional<TensorLayout> declared(Layout layout, String reason) {
        return Optional.of(TensorLayout.declared(layout, reason));
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? "" : values.get(0);
    }
}
