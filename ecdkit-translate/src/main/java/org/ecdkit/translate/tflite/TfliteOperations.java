package org.ecdkit.translate.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ecdkit.model.flatbuffers.FlatTable;
import org.ecdkit.model.tflite.TfliteGraphTensor;
import org.ecdkit.model.tflite.TfliteOperator;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * TFLite's builtin operators (and MediaPipe's custom Convolution2DTransposeBias) as ONNX nodes.
 * Option fields are those of tensorflow/lite/schema/schema.fbs; padding SAME is TensorFlow's rule
 * (the odd pixel at the end), which ONNX's SAME_UPPER computes from the input size at run time.
 */
final class TfliteOperations {

    /** MediaPipe's transposed convolution with bias, common in its segmenters. */
    static final String TRANSPOSE_CONV_BIAS = "Convolution2DTransposeBias";

    @FunctionalInterface
    private interface Translation {
        void translate(TfliteOperator op, Optional<FlatTable> options, TfliteValues v);
    }

    private static final Map<Integer, Translation> BUILTINS = new TreeMap<>();

    static {
        BUILTINS.put(0, (op, o, v) -> binary("Add", o, v));
        BUILTINS.put(1, (op, o, v) -> pool("AveragePool", o, v));
        BUILTINS.put(2, TfliteOperations::concatenation);
        BUILTINS.put(3, TfliteOperations::conv);
        BUILTINS.put(4, TfliteOperations::depthwise);
        BUILTINS.put(5, (op, o, v) -> blocks("DepthToSpace", o, v));
        BUILTINS.put(6, TfliteOperations::dequantize);
        BUILTINS.put(9, TfliteOperations::fullyConnected);
        BUILTINS.put(14, (op, o, v) -> unary("Sigmoid", v));
        BUILTINS.put(17, (op, o, v) -> pool("MaxPool", o, v));
        BUILTINS.put(18, (op, o, v) -> binary("Mul", o, v));
        BUILTINS.put(19, (op, o, v) -> unary("Relu", v));
        BUILTINS.put(20, (op, o, v) -> elementwise(v, x -> v.activation(x, 2)));
        BUILTINS.put(21, (op, o, v) -> elementwise(v, x -> v.activation(x, 3)));
        BUILTINS.put(22, TfliteOperations::reshape);
        BUILTINS.put(23, (op, o, v) -> resize(true, o, v));
        BUILTINS.put(25, TfliteOperations::softmax);
        BUILTINS.put(26, (op, o, v) -> blocks("SpaceToDepth", o, v));
        BUILTINS.put(28, (op, o, v) -> unary("Tanh", v));
        BUILTINS.put(34, TfliteOperations::pad);
        BUILTINS.put(39, (op, o, v) -> v.out(v.onnx().node("Transpose", v.in(0)).attr("perm", v.ints(1)).output(v.base())));
        BUILTINS.put(40, (op, o, v) -> reduce("ReduceMean", o, v));
        BUILTINS.put(41, (op, o, v) -> binary("Sub", o, v));
        BUILTINS.put(42, (op, o, v) -> binary("Div", o, v));
        BUILTINS.put(43, TfliteOperations::squeeze);
        BUILTINS.put(47, (op, o, v) -> unary("Exp", v));
        BUILTINS.put(50, (op, o, v) -> v.out(v.onnx().node("LogSoftmax", v.in(0)).attr("axis", -1L).output(v.base())));
        BUILTINS.put(54, (op, o, v) -> v.out(v.onnx().node("PRelu", v.in(0), v.in(1)).output(v.base())));
        BUILTINS.put(55, (op, o, v) -> binary("Max", Optional.empty(), v));
        BUILTINS.put(57, (op, o, v) -> binary("Min", Optional.empty(), v));
        BUILTINS.put(59, (op, o, v) -> unary("Neg", v));
        BUILTINS.put(60, TfliteOperations::pad);
        BUILTINS.put(67, TfliteOperations::transposeConv);
        BUILTINS.put(70, (op, o, v) -> v.out(v.onnx().node("Unsqueeze", v.in(0), v.onnx().int64s(v.base() + "_axes", v.ints(1)))
                .output(v.base())));
        BUILTINS.put(74, (op, o, v) -> reduce("ReduceSum", o, v));
        BUILTINS.put(75, (op, o, v) -> unary("Sqrt", v));
        BUILTINS.put(76, (op, o, v) -> elementwise(v, x -> v.onnx().node("Reciprocal", v.onnx().node("Sqrt", x)
                .output(v.base() + "_sqrt")).output(v.base())));
        BUILTINS.put(82, (op, o, v) -> reduce("ReduceMax", o, v));
        BUILTINS.put(97, (op, o, v) -> resize(false, o, v));
        BUILTINS.put(98, (op, o, v) -> elementwise(v, x -> v.onnx().node("LeakyRelu", x)
                .attr("alpha", o.map(t -> t.float32(0, 0f)).orElse(0f)).output(v.base())));
        BUILTINS.put(99, (op, o, v) -> {
            String difference = v.onnx().node("Sub", v.in(0), v.in(1)).output(v.base() + "_difference");
            v.out(v.onnx().node("Mul", difference, difference).output(v.base()));
        });
        BUILTINS.put(101, (op, o, v) -> unary("Abs", v));
        BUILTINS.put(111, (op, o, v) -> unary("Elu", v));
        BUILTINS.put(114, TfliteOperations::passThrough); // QUANTIZE: the output's grid is applied by out()
        BUILTINS.put(117, (op, o, v) -> unary("HardSwish", v));
        BUILTINS.put(124, (op, o, v) -> v.fold(v.densified(0))); // DENSIFY: sparse weights made dense now
        BUILTINS.put(150, TfliteOperations::gelu);
    }

    private TfliteOperations() {
    }

    /** The builtin operators translated, by code. */
    static Set<Integer> builtins() {
        return BUILTINS.keySet();
    }

    static boolean translates(TfliteOperator op) {
        return op.builtin() == TfliteOperator.CUSTOM ? op.customName().equals(TRANSPOSE_CONV_BIAS) : BUILTINS.containsKey(op.builtin());
    }

    static void translate(TfliteOperator op, TfliteValues v) {
        v.at(op);
        if (op.builtin() == TfliteOperator.CUSTOM && op.customName().equals(TRANSPOSE_CONV_BIAS)) {
            transposeConvBias(op, v);
            return;
        }
        Translation translation = BUILTINS.get(op.builtin());
        if (translation == null) {
            throw v.refused("has no ONNX translation in ecdkit");
        }
        translation.translate(op, op.options(), v);
    }

    private static void unary(String onnxOp, TfliteValues v) {
        elementwise(v, x -> v.onnx().node(onnxOp, x).output(v.base()));
    }

    /** An element-wise operator: on the channels-first form where the input has one, else as stored. */
    private static void elementwise(TfliteValues v, java.util.function.UnaryOperator<String> op) {
        if (v.hasFirst(0)) {
            v.outFirst(op.apply(v.first(0)));
        } else {
            v.out(op.apply(v.in(0)));
        }
    }

    /** DEQUANTIZE of stored weights (float16, int8) is done now; of a computed tensor, its values are real already. */
    private static void dequantize(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        if (v.constantInput(0)) {
            v.fold(v.constant(0));
        } else {
            elementwise(v, x -> x);
        }
    }

    private static void passThrough(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        elementwise(v, x -> x);
    }

    /**
     * ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM: numpy broadcasting in both; the fused activation is options
     * field 0. Computed channels first where one operand is and the other is too, or is a constant of
     * one value or one per channel (a folded batch norm), reshaped to broadcast along axis 1.
     */
    private static void binary(String onnxOp, Optional<FlatTable> options, TfliteValues v) {
        int fused = fused(options, 0);
        String name = v.base() + (fused == 0 ? "" : "_linear");
        Optional<String[]> first = channelsFirstOperands(v);
        if (first.isPresent()) {
            v.outFirst(v.activation(v.onnx().node(onnxOp, first.get()).output(name), fused));
        } else {
            v.out(v.activation(v.onnx().node(onnxOp, v.in(0), v.in(1)).output(name), fused));
        }
    }

    private static Optional<String[]> channelsFirstOperands(TfliteValues v) {
        if (!v.hasFirst(0) && !v.hasFirst(1) || v.outputTensor().rank() != 4) {
            return Optional.empty();
        }
        String[] operands = new String[2];
        for (int i = 0; i < 2; i++) {
            TfliteGraphTensor tensor = v.inputTensor(i);
            if (v.hasFirst(i) || !v.constantInput(i) && tensor.rank() == 4 && java.util.Arrays.equals(tensor.shape(),
                    v.outputTensor().shape())) {
                operands[i] = v.first(i);
                continue;
            }
            if (!v.constantInput(i)) {
                return Optional.empty();
            }
            FloatTensor constant = v.constant(i);
            long channels = v.outputTensor().shape()[3];
            long count = constant.values().length;
            boolean perChannel = count == channels && constant.rank() >= 1 && constant.dim(constant.rank() - 1) == channels;
            if (count == 1) {
                operands[i] = v.onnx().weight(v.base() + "_operand", constant.reshape());
            } else if (perChannel) {
                operands[i] = v.onnx().weight(v.base() + "_operand", constant.reshape(channels, 1, 1));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(operands);
    }

    private static int fused(Optional<FlatTable> options, int field) {
        return options.map(t -> (int) t.int8(field, (byte) 0)).orElse(0);
    }

    /** ConcatenationOptions: axis 0, fused activation 1. */
    private static void concatenation(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        String[] inputs = new String[op.inputs().length];
        long axis = options.map(t -> t.int32(0, 0)).orElse(0);
        int rank = v.outputTensor().rank();
        boolean allFirst = rank == 4;
        for (int i = 0; i < inputs.length; i++) {
            allFirst &= v.hasFirst(i);
        }
        if (allFirst) {
            long normal = axis < 0 ? axis + rank : axis;
            long firstAxis = normal == 0 ? 0 : normal == 3 ? 1 : normal + 1;
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = v.first(i);
            }
            String out = v.onnx().node("Concat", inputs).attr("axis", firstAxis).output(v.base() + "_concat");
            v.outFirst(v.activation(out, fused(options, 1)));
            return;
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = v.in(i);
        }
        String out = v.onnx().node("Concat", inputs).attr("axis", axis).output(v.base() + "_concat");
        v.out(v.activation(out, fused(options, 1)));
    }

    /** Conv2DOptions: padding 0 (SAME 0, VALID 1), stride_w 1, stride_h 2, fused activation 3, dilation_w 4, dilation_h 5. */
    private static void conv(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        FlatTable o = require(options, v);
        FloatTensor kernel = v.constant(1).transpose(0, 3, 1, 2); // OHWI -> OIHW
        convolution(v, kernel, 1, o.int8(0, (byte) 0) == 0, o.int32(2, 1), o.int32(1, 1), o.int32(5, 1), o.int32(4, 1),
                o.int8(3, (byte) 0));
    }

    /** DepthwiseConv2DOptions: padding 0, stride_w 1, stride_h 2, depth_multiplier 3, fused 4, dilation_w 5, dilation_h 6. */
    private static void depthwise(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        FlatTable o = require(options, v);
        FloatTensor kernel = v.constant(1).transpose(3, 0, 1, 2); // [1, kh, kw, C*M] -> [C*M, 1, kh, kw]
        int channels = v.inputTensor(0).shape()[3];
        if (channels <= 0) {
            throw v.refused("takes an input whose channel count is not fixed");
        }
        convolution(v, kernel, channels, o.int8(0, (byte) 0) == 0, o.int32(2, 1), o.int32(1, 1), o.int32(6, 1), o.int32(5, 1),
                o.int8(4, (byte) 0));
    }

    private static void convolution(TfliteValues v, FloatTensor kernel, long groups, boolean same, long strideH, long strideW,
            long dilationH, long dilationW, int fused) {
        OnnxGraph onnx = v.onnx();
        String x = v.first(0);
        String w = onnx.weight(v.base() + "_kernel", kernel);
        OnnxGraph.Node node = v.hasInput(2) ? onnx.node("Conv", x, w, v.in(2)) : onnx.node("Conv", x, w);
        long kh = kernel.dim(2);
        long kw = kernel.dim(3);
        node.attr("kernel_shape", kh, kw).attr("strides", strideH, strideW).attr("dilations", dilationH, dilationW)
                .attr("group", groups);
        padding(node, same, strideH, strideW, (kh - 1) * dilationH, (kw - 1) * dilationW);
        v.outFirst(v.activation(node.output(v.base() + "_nchw"), fused));
    }

    private static void padding(OnnxGraph.Node node, boolean same, long strideH, long strideW, long totalH, long totalW) {
        if (!same) {
            node.attr("pads", 0L, 0L, 0L, 0L);
        } else if (strideH > 1 || strideW > 1) {
            node.attr("auto_pad", "SAME_UPPER");
        } else {
            node.attr("pads", totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2);
        }
    }

    /** Pool2DOptions: padding 0, stride_w 1, stride_h 2, filter_width 3, filter_height 4, fused 5. */
    private static void pool(String onnxOp, Optional<FlatTable> options, TfliteValues v) {
        FlatTable o = require(options, v);
        long sh = o.int32(2, 1);
        long sw = o.int32(1, 1);
        String x = v.first(0);
        OnnxGraph.Node node = v.onnx().node(onnxOp, x).attr("kernel_shape", (long) o.int32(4, 1),
                (long) o.int32(3, 1)).attr("strides", sh, sw);
        if (onnxOp.equals("MaxPool") && v.onnx().zeroPadded(x)) {
            node.unusedOutput("indices"); // see OnnxGraph: stops a wrong Pad fusion
        }
        if (o.int8(0, (byte) 0) == 0) {
            node.attr("auto_pad", "SAME_UPPER");
        }
        v.outFirst(v.activation(node.output(v.base() + "_nchw"), o.int8(5, (byte) 0)));
    }

    /**
     * TRANSPOSE_CONV: inputs output_shape, weights (OHWI), input, optional bias; TransposeConvOptions:
     * padding 0, stride_w 1, stride_h 2, fused activation 3.
     */
    private static void transposeConv(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        FlatTable o = require(options, v);
        long[] outputShape = v.ints(0);
        transposed(v, 2, 1, v.hasInput(3) ? 3 : -1, o.int8(0, (byte) 0) == 0, o.int32(2, 1), o.int32(1, 1),
                outputShape[1], outputShape[2], o.int8(3, (byte) 0));
    }

    /** MediaPipe's custom op: inputs input, weights (OHWI), bias; options a TfLiteTransposeConvParams (padding, stride_w, stride_h). */
    private static void transposeConvBias(TfliteOperator op, TfliteValues v) {
        ByteBuffer params = ByteBuffer.wrap(op.customOptions()).order(ByteOrder.LITTLE_ENDIAN);
        if (params.remaining() < 12) {
            throw v.refused("has " + params.remaining() + " bytes of options; expected 12 (padding, stride_w, stride_h)");
        }
        int padding = params.getInt(0); // kTfLitePaddingSame 1, kTfLitePaddingValid 2
        long strideW = params.getInt(4);
        long strideH = params.getInt(8);
        int[] in = v.inputTensor(0).shape();
        FloatTensor weights = v.constant(1);
        long outH = padding == 1 ? in[1] * strideH : (in[1] - 1) * strideH + weights.dim(1);
        long outW = padding == 1 ? in[2] * strideW : (in[2] - 1) * strideW + weights.dim(2);
        transposed(v, 0, 1, 2, padding == 1, strideH, strideW, outH, outW, 0);
    }

    private static void transposed(TfliteValues v, int input, int weightsAt, int biasAt, boolean same, long strideH, long strideW,
            long outH, long outW, int fused) {
        OnnxGraph onnx = v.onnx();
        FloatTensor weights = v.constant(weightsAt);
        int[] in = v.inputTensor(input).shape();
        if (in[1] <= 0 || in[2] <= 0 || outH <= 0 || outW <= 0) {
            throw v.refused("has an input or output whose size is not fixed");
        }
        long kh = weights.dim(1);
        long kw = weights.dim(2);
        long[] pads = new long[4];
        long[] extra = new long[2];
        long[][] axes = {{in[1], strideH, kh, outH}, {in[2], strideW, kw, outW}};
        for (int a = 0; a < 2; a++) {
            long size = axes[a][0];
            long stride = axes[a][1];
            long k = axes[a][2];
            long out = axes[a][3];
            long full = (size - 1) * stride + k;
            // TensorFlow's conv2d_transpose is the gradient of a conv2d from out to size: SAME pads
            // that conv by max((size - 1) s + k - out, 0), half before; the rest is cropped at the end.
            long before = same ? Math.max(full - out, 0) / 2 : 0;
            long after = full - before - out;
            pads[a] = before;
            pads[a + 2] = Math.max(after, 0);
            extra[a] = Math.max(-after, 0);
        }
        String w = onnx.weight(v.base() + "_kernel", weights.transpose(3, 0, 1, 2)); // OHWI -> IOHW
        String x = v.first(input);
        OnnxGraph.Node node = biasAt >= 0 ? onnx.node("ConvTranspose", x, w, v.in(biasAt)) : onnx.node("ConvTranspose", x, w);
        node.attr("kernel_shape", kh, kw).attr("strides", strideH, strideW).attr("pads", pads).attr("output_padding", extra);
        v.outFirst(v.activation(node.output(v.base() + "_nchw"), fused));
    }

    /** FULLY_CONNECTED: inputs x, weights [O, I], optional bias; options fused 0, keep_num_dims 2. */
    private static void fullyConnected(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        OnnxGraph onnx = v.onnx();
        FloatTensor weights = v.constant(1);
        long units = weights.dim(0);
        long inputs = weights.dim(1);
        String x = v.in(0);
        if (v.inputTensor(0).rank() != 2) {
            x = onnx.node("Reshape", x, onnx.int64s(v.base() + "_rows", -1, inputs)).output(v.base() + "_rows_in");
        }
        String w = onnx.weight(v.base() + "_weights", weights);
        OnnxGraph.Node gemm = v.hasInput(2) ? onnx.node("Gemm", x, w, v.in(2)) : onnx.node("Gemm", x, w);
        String y = gemm.attr("transB", 1L).output(v.base() + "_gemm");
        int[] outShape = v.outputTensor().shape();
        if (outShape.length != 2) {
            long[] shape = new long[outShape.length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = i == shape.length - 1 ? units : outShape[i] < 0 ? -1 : outShape[i];
            }
            y = onnx.node("Reshape", y, onnx.int64s(v.base() + "_shape", shape)).output(v.base() + "_shaped");
        }
        v.out(v.activation(y, fused(options, 0)));
    }

    /** RESHAPE: the shape input when constant, else ReshapeOptions.new_shape (0), else the output's shape. */
    private static void reshape(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        long[] shape;
        if (v.hasInput(1) && v.inputTensor(1).constant()) {
            shape = v.ints(1);
        } else if (options.isPresent() && options.get().vector(0, 4, "ReshapeOptions.new_shape", 16).length() > 0) {
            var dims = options.get().vector(0, 4, "ReshapeOptions.new_shape", 16);
            shape = new long[dims.length()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.int32(i);
            }
        } else {
            int[] out = v.outputTensor().shape();
            shape = new long[out.length];
            for (int i = 0; i < out.length; i++) {
                shape[i] = out[i];
            }
        }
        v.out(v.onnx().node("Reshape", v.in(0), v.onnx().int64s(v.base() + "_shape", shape)).output(v.base()));
    }

    /** SoftmaxOptions: beta 0 (the logits' multiplier). */
    private static void softmax(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        float beta = options.map(t -> t.float32(0, 0f)).orElse(1f);
        String x = v.in(0);
        if (beta != 1f) {
            x = v.onnx().node("Mul", x, v.onnx().scalar(v.base() + "_beta", beta)).output(v.base() + "_scaled");
        }
        v.out(v.onnx().node("Softmax", x).attr("axis", -1L).output(v.base()));
    }

    /** PAD and PADV2: paddings [rank, 2] (before, after per axis); PADV2's third input is the value. */
    private static void pad(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        long[] pairs = v.ints(1);
        int rank = pairs.length / 2;
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            pads[i] = pairs[2 * i];
            pads[rank + i] = pairs[2 * i + 1];
        }
        if (rank == 4 && v.hasFirst(0)) {
            long[] first = new long[8];
            int[] from = {0, 3, 1, 2}; // NCHW axis i is NHWC axis from[i]
            for (int i = 0; i < 4; i++) {
                first[i] = pads[from[i]];
                first[4 + i] = pads[4 + from[i]];
            }
            v.outFirst(v.onnx().pad(v.first(0), first, v.hasInput(2) ? v.in(2) : "", v.base() + "_nchw"));
            return;
        }
        v.out(v.onnx().pad(v.in(0), pads, v.hasInput(2) ? v.in(2) : "", v.base()));
    }

    /** MEAN, SUM, REDUCE_MAX: axes input 1; ReducerOptions.keep_dims 0. */
    private static void reduce(String onnxOp, Optional<FlatTable> options, TfliteValues v) {
        long keep = options.map(t -> t.bool(0, false)).orElse(false) ? 1 : 0;
        OnnxGraph onnx = v.onnx();
        long[] axes = v.ints(1);
        long[] sorted = axes.clone();
        java.util.Arrays.sort(sorted);
        if (v.hasFirst(0) && java.util.Arrays.equals(sorted, new long[] {1, 2})) {
            // over the spatial axes: [N, C] either way, or [N, 1, 1, C] kept (channels first: [N, C, 1, 1])
            String out = onnx.node(onnxOp, v.first(0), onnx.int64s(v.base() + "_axes", 2, 3)).attr("keepdims", keep)
                    .output(v.base() + (keep == 1 ? "_nchw" : ""));
            if (keep == 1) {
                v.outFirst(out);
            } else {
                v.out(out);
            }
            return;
        }
        v.out(onnx.node(onnxOp, v.in(0), onnx.int64s(v.base() + "_axes", axes)).attr("keepdims", keep).output(v.base()));
    }

    /** SQUEEZE: SqueezeOptions.squeeze_dims 0; none squeezes every axis of size 1. */
    private static void squeeze(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        var dims = options.map(t -> t.vector(0, 4, "SqueezeOptions.squeeze_dims", 16));
        OnnxGraph onnx = v.onnx();
        if (dims.isEmpty() || dims.get().length() == 0) {
            v.out(onnx.node("Squeeze", v.in(0)).output(v.base()));
            return;
        }
        long[] axes = new long[dims.get().length()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = dims.get().int32(i);
        }
        v.out(onnx.node("Squeeze", v.in(0), onnx.int64s(v.base() + "_axes", axes)).output(v.base()));
    }

    /**
     * RESIZE_BILINEAR (options align_corners 2, half_pixel_centers 3) and RESIZE_NEAREST_NEIGHBOR
     * (align_corners 0, half_pixel_centers 1), to the size of input 1.
     */
    private static void resize(boolean bilinear, Optional<FlatTable> options, TfliteValues v) {
        long[] size = v.ints(1);
        boolean alignCorners = options.map(t -> t.bool(bilinear ? 2 : 0, false)).orElse(false);
        boolean halfPixel = options.map(t -> t.bool(bilinear ? 3 : 1, false)).orElse(false);
        OnnxGraph onnx = v.onnx();
        String x = v.first(0);
        OnnxGraph.Node node = onnx.node("Resize", x, "", "", onnx.resizeSizes(x, v.base(), size[0], size[1]));
        String coordinates = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
        if (bilinear) {
            node.attr("mode", "linear").attr("coordinate_transformation_mode", coordinates);
        } else {
            // TensorFlow's nearest rounds half-pixel coordinates down after adding half a pixel, and
            // rounds aligned corners to the nearest: both are ONNX's round_prefer_ceil.
            node.attr("mode", "nearest").attr("coordinate_transformation_mode", coordinates)
                    .attr("nearest_mode", alignCorners || halfPixel ? "round_prefer_ceil" : "floor");
        }
        v.outFirst(node.output(v.base() + "_nchw"));
    }

    /** DEPTH_TO_SPACE / SPACE_TO_DEPTH: block_size 0; TensorFlow's channel order is ONNX's DCR. */
    private static void blocks(String onnxOp, Optional<FlatTable> options, TfliteValues v) {
        long block = require(options, v).int32(0, 0);
        OnnxGraph.Node node = v.onnx().node(onnxOp, v.first(0)).attr("blocksize", block);
        if (onnxOp.equals("DepthToSpace")) {
            node.attr("mode", "DCR");
        }
        v.outFirst(node.output(v.base() + "_nchw"));
    }

    /** GELU: GeluOptions.approximate 0 (the tanh form) or the exact erf form. */
    private static void gelu(TfliteOperator op, Optional<FlatTable> options, TfliteValues v) {
        if (options.map(t -> t.bool(0, false)).orElse(false)) {
            throw v.refused("uses GELU's tanh approximation, which ecdkit does not translate");
        }
        OnnxGraph onnx = v.onnx();
        String x = v.in(0);
        String base = v.base();
        String erf = onnx.node("Erf", onnx.node("Mul", x, onnx.scalar(base + "_rsqrt2", (float) (1 / Math.sqrt(2))))
                .output(base + "_scaled")).output(base + "_erf");
        String plus = onnx.node("Add", erf, onnx.scalar(base + "_one", 1f)).output(base + "_plus_one");
        String half = onnx.node("Mul", x, onnx.scalar(base + "_half", 0.5f)).output(base + "_half_x");
        v.out(onnx.node("Mul", half, plus).output(base));
    }

    private static FlatTable require(Optional<FlatTable> options, TfliteValues v) {
        return options.orElseThrow(() -> v.refused("has no options table, which it needs"));
    }

    /** Whether a graph input of this type can be fed floats. */
    static boolean floatInput(TfliteGraphTensor tensor) {
        return tensor.type() == TfliteGraphTensor.FLOAT32;
    }
}
