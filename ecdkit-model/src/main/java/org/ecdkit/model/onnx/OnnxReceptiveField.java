package org.ecdkit.model.onnx;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.model.ReceptiveField;

/**
 * The receptive field of each graph output, followed through the graph's nodes in their (topological)
 * order from the inputs: a convolution or pooling of kernel k, stride s and dilation d widens a field
 * by (k - 1) d steps of the input grid it reads and multiplies the step by s; resizing and pixel
 * shuffles change the step; pointwise operators and operators along the channel axis leave it; a node
 * that mixes space as a whole (global pooling, a reduction or normalisation over pixels, a flattening
 * or matrix product) makes it unbounded, and says which node did.
 *
 * <p>Where the graph leaves something open (a resize's scale, held in weights that inspection
 * skips), the larger answer is taken: a field too large wastes a little padding, one too small would
 * let tiles disagree with the whole image.
 */
final class OnnxReceptiveField {

    /** Operators that change neither the field nor the step (per pixel, or along channels only). */
    private static final Set<String> POINTWISE = Set.of("Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu",
            "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign", "Mish", "ThresholdedRelu", "Shrink",
            "Clip", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal", "Floor", "Ceil",
            "Round", "Sign", "Min", "Max", "Mean", "Sum", "Where", "Equal", "Less", "Greater", "LessOrEqual",
            "GreaterOrEqual", "And", "Or", "Not", "Xor", "Erf", "Sin", "Cos", "Tan", "IsNaN", "IsInf", "Mod",
            "BatchNormalization", "Dropout", "Identity", "Cast", "CastLike", "QuantizeLinear", "DequantizeLinear",
            "DynamicQuantizeLinear", "Pad", "Slice", "Split");
    private static final Set<String> WINDOWED = Set.of("Conv", "ConvInteger", "QLinearConv", "MaxPool", "AveragePool",
            "LpPool");
    private static final Set<String> ALONG_AN_AXIS = Set.of("Softmax", "LogSoftmax", "Hardmax", "ArgMax", "ArgMin",
            "Concat", "LayerNormalization", "LpNormalization");
    private static final Set<String> REDUCTIONS = Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceProd",
            "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");

    /**
     * How far a tensor reaches: {@code size} input pixels across, one of its pixels every {@code step}
     * input pixels, its channels on {@code channelAxis}; or unbounded for {@code unbounded}'s reason.
     */
    private record Reach(double size, double step, int channelAxis, int widening, String unbounded) {

        static Reach unboundedBy(String reason) {
            return new Reach(Double.POSITIVE_INFINITY, 1, 1, 0, reason);
        }

        boolean bounded() {
            return unbounded == null;
        }
    }

    private OnnxReceptiveField() {
    }

    /**
     * The field of each of {@code graph}'s outputs that the inputs reach; {@code channelAxis} is where
     * the image inputs keep their bands (1 for NCHW, 3 for NHWC).
     */
    static Map<String, ReceptiveField> of(GraphProto graph, Set<String> imageInputs, int channelAxis) {
        Map<String, Reach> reach = new HashMap<>();
        for (String input : imageInputs) {
            reach.put(input, new Reach(1, 1, channelAxis, 0, null));
        }
        List<NodeProto> nodes = graph.nodes();
        if (graph.nodeCount() > nodes.size()) {
            Map<String, ReceptiveField> unknown = new LinkedHashMap<>();
            graph.outputs().forEach(o -> unknown.put(o.name(), ReceptiveField.unbounded("the graph has more nodes than "
                    + "ecdkit follows")));
            return unknown;
        }
        for (int index = 0; index < nodes.size(); index++) {
            NodeProto node = nodes.get(index);
            Reach in = merged(node, reach);
            if (in == null) {
                continue; // No image pixel reaches this node: weights, shapes, constants.
            }
            Reach out = in.bounded() ? through(node, index, in, graph) : in;
            for (String output : node.outputs()) {
                reach.put(output, out);
            }
        }
        Map<String, ReceptiveField> fields = new LinkedHashMap<>();
        for (ValueInfoProto output : graph.outputs()) {
            Reach r = reach.get(output.name());
            if (r == null) {
                continue;
            }
            fields.put(output.name(), r.bounded()
                    ? ReceptiveField.bounded((long) Math.ceil(r.size() - 1e-9), r.widening() == 0 ? "pointwise"
                            : "widened by " + r.widening() + (r.widening() == 1 ? " window" : " windows") + " (convolutions, "
                            + "poolings, resizes)")
                    : ReceptiveField.unbounded(r.unbounded()));
        }
        return fields;
    }

    /** The widest of the reaches of a node's inputs (an unbounded one wins), or null when none reaches it. */
    private static Reach merged(NodeProto node, Map<String, Reach> reach) {
        Reach merged = null;
        for (String input : node.inputs()) {
            Reach r = reach.get(input);
            if (r == null) {
                continue;
            }
            if (!r.bounded()) {
                return r;
            }
            merged = merged == null ? r : new Reach(Math.max(merged.size(), r.size()), Math.max(merged.step(), r.step()),
                    merged.channelAxis(), Math.max(merged.widening(), r.widening()), null);
        }
        return merged;
    }

    private static Reach through(NodeProto node, int index, Reach in, GraphProto graph) {
        String op = node.opType();
        String where = "node " + index + " (" + op + ")";
        if (POINTWISE.contains(op)) {
            return in;
        }
        if (WINDOWED.contains(op)) {
            long kernel = kernel(node, graph);
            if (kernel < 1) {
                return Reach.unboundedBy(where + " has no kernel size ecdkit can read");
            }
            long stride = largest(node.ints("strides"), 1);
            long dilation = largest(node.ints("dilations"), 1);
            return new Reach(in.size() + (kernel - 1) * dilation * in.step(), in.step() * stride, in.channelAxis(),
                    in.widening() + (kernel > 1 ? 1 : 0), null);
        }
        if (op.equals("ConvTranspose")) {
            long kernel = kernel(node, graph);
            long stride = largest(node.ints("strides"), 1);
            double step = in.step() / stride;
            return new Reach(in.size() + Math.ceil((kernel - 1) / (double) stride) * in.step(), step, in.channelAxis(),
                    in.widening() + 1, null);
        }
        if (op.equals("Resize") || op.equals("Upsample")) {
            // Up to 4 taps (cubic) around each sample; the scale sits in skipped weights, so the step is kept.
            return new Reach(in.size() + 3 * in.step(), in.step(), in.channelAxis(), in.widening() + 1, null);
        }
        if (op.equals("DepthToSpace")) {
            return new Reach(in.size(), in.step() / largest(node.ints("blocksize"), 1), in.channelAxis(), in.widening(), null);
        }
        if (op.equals("SpaceToDepth")) {
            long block = largest(node.ints("blocksize"), 1);
            return new Reach(in.size() + (block - 1) * in.step(), in.step() * block, in.channelAxis(), in.widening() + 1, null);
        }
        if (op.equals("Transpose") && node.perm().size() == 4) {
            int moved = node.perm().indexOf((long) in.channelAxis());
            return moved < 0 ? Reach.unboundedBy(where + " moves axes ecdkit cannot follow")
                    : new Reach(in.size(), in.step(), moved, in.widening(), null);
        }
        if (ALONG_AN_AXIS.contains(op)) {
            long defaultAxis = op.equals("Concat") ? 1 : -1;
            long axis = node.axis().orElse(defaultAxis);
            return axis == in.channelAxis() || axis + 4 == in.channelAxis() ? in
                    : Reach.unboundedBy(where + " works across pixels (axis " + axis + ")");
        }
        if (REDUCTIONS.contains(op)) {
            List<Long> axes = node.ints("axes");
            boolean channelsOnly = !axes.isEmpty() && axes.stream().allMatch(a -> a == 0 || a == in.channelAxis()
                    || a + 4 == in.channelAxis());
            return channelsOnly ? in : Reach.unboundedBy(where + " reduces across pixels");
        }
        if (op.startsWith("Global") || op.equals("InstanceNormalization") || op.equals("GroupNormalization")
                || op.equals("MeanVarianceNormalization")) {
            return Reach.unboundedBy(where + " mixes the whole tile");
        }
        return Reach.unboundedBy(where + " is not one whose reach ecdkit follows");
    }

    /** The larger side of a window: kernel_shape, else the weight's trailing dims. */
    private static long kernel(NodeProto node, GraphProto graph) {
        List<Long> shape = node.ints("kernel_shape");
        if (!shape.isEmpty()) {
            return largest(shape, 1);
        }
        if (node.inputs().size() > 1) {
            List<Long> dims = graph.initializerDims().get(node.inputs().get(1));
            if (dims != null && dims.size() > 2) {
                return largest(dims.subList(2, dims.size()), 1);
            }
        }
        return -1;
    }

    private static long largest(List<Long> values, long fallback) {
        return values.stream().mapToLong(Long::longValue).max().orElse(fallback);
    }
}
