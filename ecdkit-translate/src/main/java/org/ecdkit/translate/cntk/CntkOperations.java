package org.ecdkit.translate.cntk;

import java.util.Arrays;
import org.ecdkit.model.cntk.CntkModelFile;
import org.ecdkit.model.cntk.CntkValue;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * CNTK's primitive functions as ONNX nodes. Attributes hold shapes in CNTK's stored order (the
 * reverse of Python's); a shorter list than the tensor's rank repeats its last entry for the
 * remaining axes, as CNTK's ConvolveGeometry does.
 */
final class CntkOperations {

    private CntkOperations() {
    }

    static void translate(CntkValue.Dict function, CntkValues v) {
        v.at(function);
        int op = (int) function.number("op", -1);
        switch (op) {
            case CntkOperators.NEGATE -> unary("Neg", v);
            case CntkOperators.SIGMOID, CntkOperators.STABLE_SIGMOID -> unary("Sigmoid", v);
            case CntkOperators.TANH -> unary("Tanh", v);
            case CntkOperators.RELU -> unary("Relu", v);
            case CntkOperators.EXP -> unary("Exp", v);
            case CntkOperators.LOG -> unary("Log", v);
            case CntkOperators.SQRT -> unary("Sqrt", v);
            case CntkOperators.FLOOR -> unary("Floor", v);
            case CntkOperators.ABS -> unary("Abs", v);
            case CntkOperators.RECIPROCAL -> unary("Reciprocal", v);
            case CntkOperators.SIN -> unary("Sin", v);
            case CntkOperators.COS -> unary("Cos", v);
            case CntkOperators.ELU -> unary("Elu", v);
            case CntkOperators.DROPOUT, CntkOperators.PASS, CntkOperators.NO_OP, CntkOperators.STOP_GRADIENT -> {
                if (v.constant(v.input(0))) {
                    v.fold(v.constantValue(v.input(0)));
                } else {
                    CntkValues.Value x = v.value(v.input(0));
                    v.out(x.name(), x.rank());
                }
            }
            case CntkOperators.PLUS -> binary("Add", v);
            case CntkOperators.MINUS -> binary("Sub", v);
            case CntkOperators.ELEMENT_TIMES -> binary("Mul", v);
            case CntkOperators.SOFTMAX -> softmax("Softmax", v);
            case CntkOperators.LOG_SOFTMAX -> softmax("LogSoftmax", v);
            case CntkOperators.RESHAPE -> reshape(v);
            case CntkOperators.CONVOLUTION -> convolution(v);
            case CntkOperators.POOLING -> pooling(v);
            case CntkOperators.TIMES -> times(v);
            case CntkOperators.SPLICE -> splice(v);
            case CntkOperators.TRANSPOSE_AXES -> transposeAxes(v);
            case CntkOperators.BATCH_NORMALIZATION -> batchNormalization(v);
            case CntkOperators.CLIP -> clip(v);
            case CntkOperators.PAD -> pad(v);
            case CntkOperators.REDUCE_ELEMENTS -> reduce(v);
            default -> throw v.refused("has no ONNX translation in ecdkit");
        }
    }

    private static void unary(String onnxOp, CntkValues v) {
        CntkValues.Value x = v.value(v.input(0));
        v.out(v.onnx().node(onnxOp, x.name()).output(v.base()), x.rank());
    }

    /** Element-wise with numpy's broadcasting, which is CNTK's in Python's axis order. */
    private static void binary(String onnxOp, CntkValues v) {
        CntkValues.Value a = v.value(v.input(0));
        CntkValues.Value b = v.value(v.input(1));
        v.out(v.onnx().node(onnxOp, a.name(), b.name()).output(v.base()), Math.max(a.rank(), b.rank()));
    }

    /** A static axis index (CNTK's stored order) of a tensor of static rank {@code rank}, as an ONNX axis. */
    private static long onnxAxis(CntkValues v, CntkValue axis, int rank, String what) {
        if (!(axis instanceof CntkValue.Axis a) || a.staticIndex() < 0 || a.staticIndex() >= rank) {
            throw v.refused("has " + what + " " + axis + ", not a static axis of its rank-" + rank + " operand");
        }
        return 1 + (rank - 1 - a.staticIndex());
    }

    private static void softmax(String onnxOp, CntkValues v) {
        CntkValues.Value x = v.value(v.input(0));
        CntkValue axis = v.attributes().get("axis");
        long onnx;
        if (axis != null) {
            onnx = onnxAxis(v, axis, x.rank(), "axis");
        } else if (x.rank() == 1) {
            onnx = 1;
        } else {
            throw v.refused("normalises over all " + x.rank() + " static axes at once, which ecdkit does not translate");
        }
        v.out(v.onnx().node(onnxOp, x.name()).attr("axis", onnx).output(v.base()), x.rank());
    }

    /** Reshape of the stored axes [beginAxis, endAxis) to newShape; a constant's is done now. */
    private static void reshape(CntkValues v) {
        CntkValue.Dict attributes = v.attributes();
        long[] newShape = attributes.shape("newShape");
        String input = v.input(0);
        if (v.constant(input)) {
            FloatTensor constant = v.constantValue(input);
            long[] stored = reversed(constant.shape());
            int begin = staticIndex(attributes.get("beginAxis"), 0, stored.length);
            int end = staticIndex(attributes.get("endAxis"), stored.length, stored.length);
            long[] replaced = new long[stored.length - (end - begin) + newShape.length];
            System.arraycopy(stored, 0, replaced, 0, begin);
            System.arraycopy(newShape, 0, replaced, begin, newShape.length);
            System.arraycopy(stored, end, replaced, begin + newShape.length, stored.length - end);
            v.fold(constant.reshape(CntkModelFile.pythonShape(replaced)));
            return;
        }
        CntkValues.Value x = v.value(input);
        int begin = staticIndex(attributes.get("beginAxis"), 0, x.rank());
        int end = staticIndex(attributes.get("endAxis"), x.rank(), x.rank());
        if (begin != 0 || end != x.rank()) {
            throw v.refused("reshapes axes " + begin + " to " + end + " of " + x.rank() + " only, which ecdkit does not "
                    + "translate for a computed tensor");
        }
        long[] python = CntkModelFile.pythonShape(newShape);
        long[] shape = new long[python.length + 1];
        System.arraycopy(python, 0, shape, 1, python.length);
        v.out(v.onnx().node("Reshape", x.name(), v.onnx().int64s(v.base() + "_shape", shape)).output(v.base()), python.length);
    }

    private static int staticIndex(CntkValue axis, int fallback, int rank) {
        if (axis instanceof CntkValue.Axis a && a.staticIndex() >= 0 && a.staticIndex() <= rank) {
            return a.staticIndex();
        }
        return fallback;
    }

    /** A stored-order attribute for {@code rank} axes (a short one repeats its last entry), in Python's order. */
    private static long[] perAxis(long[] stored, int rank, long fill) {
        long[] expanded = new long[rank];
        for (int i = 0; i < rank; i++) {
            expanded[i] = stored.length == 0 ? fill : stored[Math.min(i, stored.length - 1)];
        }
        return reversed(expanded);
    }

    private static boolean[] flags(CntkValue.Dict attributes, String key, int rank) {
        var list = attributes.vector(key);
        boolean[] stored = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            CntkValue value = list.isEmpty() ? null : list.get(Math.min(i, list.size() - 1));
            stored[i] = value instanceof CntkValue.Bool b && b.value();
        }
        boolean[] python = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            python[i] = stored[rank - 1 - i];
        }
        return python;
    }

    private static long[] reversed(long[] values) {
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[values.length - 1 - i];
        }
        return result;
    }

    /**
     * Pads of the spatial axes (Python's order, the channel axis 0 left out): explicit lowerPad /
     * upperPad, or CNTK's auto padding made explicit. CNTK centres the kernel: floor((k - 1) / 2)
     * before, whatever the stride (TensorFlow's "same" puts the odd pixel first only when the
     * stride leaves it over), and the output has ceil(n / s) positions. Padding k - 1 in all gives
     * exactly that many positions at the same places, and padding a window never reaches changes
     * nothing; so it is right for every input size (measured against CNTK 2.4 with kernels 2, 3 and 4
     * and strides 1 and 2).
     */
    private static long[] pads(CntkValues v, CntkValue.Dict attributes, int rank, long[] kernel, long[] strides, long[] dilations) {
        int spatial = rank - 1;
        boolean[] auto = flags(attributes, "autoPadding", rank);
        long[] lower = perAxis(attributes.shape("lowerPad"), rank, 0);
        long[] upper = perAxis(attributes.shape("upperPad"), rank, 0);
        long[] pads = new long[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            if (auto[i + 1]) {
                long effective = (kernel[i] - 1) * dilations[i] + 1;
                pads[i] = (effective - 1) / 2;
                pads[i + spatial] = effective - 1 - pads[i];
            } else {
                pads[i] = lower[i + 1];
                pads[i + spatial] = upper[i + 1];
            }
        }
        return pads;
    }

    /** Convolution(kernel, operand): the kernel's Python shape [out, in, k...] is ONNX's. */
    private static void convolution(CntkValues v) {
        CntkValue.Dict attributes = v.attributes();
        if (attributes.bool("transpose", false)) {
            throw v.refused("is a transposed convolution, which ecdkit does not translate from CNTK yet");
        }
        if (attributes.vector("sharing").stream().anyMatch(s -> s instanceof CntkValue.Bool b && !b.value())) {
            throw v.refused("does not share its weights across positions, which ONNX's Conv cannot express");
        }
        FloatTensor kernel = v.constantValue(v.input(0));
        CntkValues.Value x = v.value(v.input(1));
        int rank = x.rank();
        if (rank < 2 || kernel.rank() != rank + 1) {
            throw v.refused("has a kernel of rank " + kernel.rank() + " for an operand of rank " + rank);
        }
        long[] sizes = Arrays.copyOfRange(kernel.shape(), 2, kernel.rank());
        long[] strides = Arrays.copyOfRange(perAxis(attributes.shape("strides"), rank, 1), 1, rank);
        long[] dilations = Arrays.copyOfRange(perAxis(attributes.shape("dilation"), rank, 1), 1, rank);
        long[] pads = pads(v, attributes, rank, sizes, strides, dilations);
        OnnxGraph onnx = v.onnx();
        String w = onnx.weight(v.base() + "_kernel", kernel);
        String out = onnx.node("Conv", x.name(), w).attr("kernel_shape", sizes).attr("strides", strides)
                .attr("dilations", dilations).attr("pads", pads).output(v.base());
        v.out(out, rank);
    }

    /** Pooling: poolingType 0 max, 1 average (includePad counts the padding), window and strides stored reversed. */
    private static void pooling(CntkValues v) {
        CntkValue.Dict attributes = v.attributes();
        CntkValues.Value x = v.value(v.input(0));
        int rank = x.rank();
        long[] stored = attributes.shape("poolingWindowShape");
        long[] full = new long[rank];
        Arrays.fill(full, 1); // a window shorter than the operand's rank covers one element of the remaining axes
        System.arraycopy(stored, 0, full, 0, Math.min(stored.length, rank));
        long[] window = reversed(full);
        long[] sizes = Arrays.copyOfRange(window, 1, rank);
        if (window[0] != 1) {
            throw v.refused("pools across channels (a window of " + window[0] + "), which ONNX's pooling cannot express");
        }
        long[] strides = Arrays.copyOfRange(perAxis(attributes.shape("strides"), rank, 1), 1, rank);
        long[] ones = new long[rank - 1];
        Arrays.fill(ones, 1);
        long[] pads = pads(v, attributes, rank, sizes, strides, ones);
        boolean max = attributes.number("poolingType", 0) == 0;
        OnnxGraph.Node node = v.onnx().node(max ? "MaxPool" : "AveragePool", x.name()).attr("kernel_shape", sizes)
                .attr("strides", strides).attr("pads", pads).attr("ceil_mode", attributes.bool("ceilOutDim", false) ? 1L : 0L);
        if (!max) {
            node.attr("count_include_pad", attributes.bool("includePad", false) ? 1L : 0L);
        }
        v.out(node.output(v.base()), rank);
    }

    /**
     * Times(W, x): x's static axes contracted with W's leading Python axes; W's last outputRank
     * Python axes are the output's.
     */
    private static void times(CntkValues v) {
        String first = v.input(0);
        String second = v.input(1);
        boolean weightsFirst = v.constant(first);
        FloatTensor weights = v.constantValue(weightsFirst ? first : second);
        CntkValues.Value x = v.value(weightsFirst ? second : first);
        int outputRank = (int) v.attributes().number("outputRank", 1);
        int contracted = weights.rank() - outputRank;
        int leading = x.rank() - contracted;
        if (contracted < 1 || leading < 0 || outputRank < 1) {
            throw v.refused("contracts " + contracted + " axes of an operand of rank " + x.rank() + ", which ecdkit does not "
                    + "translate");
        }
        long in = 1;
        long out = 1;
        long[] shape = weights.shape();
        for (int i = 0; i < shape.length; i++) {
            if (i < contracted) {
                in *= shape[i];
            } else {
                out *= shape[i];
            }
        }
        // CNTK contracts x's last `contracted` axes (Python's order) with W's first; x's leading axes stay in front.
        OnnxGraph onnx = v.onnx();
        String rows = x.name();
        if (contracted > 1) {
            long[] target = new long[leading + 2];
            target[target.length - 1] = -1; // 0s copy the batch and leading axes, -1 gathers the contracted ones
            rows = onnx.node("Reshape", x.name(), onnx.int64s(v.base() + "_rows_shape", target)).output(v.base() + "_rows");
        }
        String y = onnx.node("MatMul", rows, onnx.weight(v.base() + "_weights", weights.reshape(in, out)))
                .output(v.base() + (outputRank == 1 ? "" : "_matrix"));
        if (outputRank > 1) {
            long[] target = new long[leading + 1 + outputRank];
            System.arraycopy(shape, contracted, target, leading + 1, outputRank);
            y = onnx.node("Reshape", y, onnx.int64s(v.base() + "_shape", target)).output(v.base());
        }
        v.out(y, leading + outputRank);
    }

    private static void splice(CntkValues v) {
        String[] inputs = new String[v.inputCount()];
        int rank = 0;
        for (int i = 0; i < inputs.length; i++) {
            CntkValues.Value value = v.value(v.input(i));
            inputs[i] = value.name();
            rank = Math.max(rank, value.rank());
        }
        long axis = onnxAxis(v, v.attributes().get("axis"), rank, "axis");
        v.out(v.onnx().node("Concat", inputs).attr("axis", axis).output(v.base()), rank);
    }

    private static void transposeAxes(CntkValues v) {
        if (v.constant(v.input(0))) {
            FloatTensor constant = v.constantValue(v.input(0));
            int rank = constant.rank();
            int a = rank - 1 - staticIndex(v.attributes().get("axis1"), 0, rank - 1);
            int b = rank - 1 - staticIndex(v.attributes().get("axis2"), 1, rank - 1);
            int[] perm = new int[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = i;
            }
            perm[a] = b;
            perm[b] = a;
            v.fold(constant.transpose(perm));
            return;
        }
        CntkValues.Value x = v.value(v.input(0));
        long a = onnxAxis(v, v.attributes().get("axis1"), x.rank(), "axis1");
        long b = onnxAxis(v, v.attributes().get("axis2"), x.rank(), "axis2");
        long[] perm = new long[x.rank() + 1];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[(int) a] = b;
        perm[(int) b] = a;
        v.out(v.onnx().node("Transpose", x.name()).attr("perm", perm).output(v.base()), x.rank());
    }

    /**
     * BatchNormalization(x, scale, bias, mean, variance, count): folded into one multiplication and
     * one addition. Spatial: one statistic per channel (axis 0 in Python's order). Not spatial: one
     * per element, the statistics shaped like the operand; except that CNTK 2.4's ONNX importer marks
     * ONNX's per-channel normalisation as not spatial while keeping one value per channel (and then
     * computes garbage itself): such statistics are read per channel, as the ONNX graph meant.
     */
    private static void batchNormalization(CntkValues v) {
        CntkValues.Value x = v.value(v.input(0));
        FloatTensor scaleTensor = v.constantValue(v.input(1));
        float[] scale = scaleTensor.values();
        float[] bias = v.constantValue(v.input(2)).values();
        float[] mean = v.constantValue(v.input(3)).values();
        float[] variance = v.constantValue(v.input(4)).values();
        double epsilon = v.attributes().real("epsilon", 1e-5);
        int n = scale.length;
        if (bias.length != n || mean.length != n || variance.length != n) {
            throw v.refused("has statistics of " + n + ", " + bias.length + ", " + mean.length + " and " + variance.length
                    + " values; they must agree");
        }
        float[] multiplier = new float[n];
        float[] offset = new float[n];
        for (int c = 0; c < n; c++) {
            double m = scale[c] / Math.sqrt(variance[c] + epsilon);
            multiplier[c] = (float) m;
            offset[c] = (float) (bias[c] - mean[c] * m);
        }
        boolean perChannel = v.attributes().bool("spatial", true) || scaleTensor.rank() <= 1 && x.rank() >= 2;
        long[] shape;
        if (perChannel) {
            shape = new long[x.rank()];
            Arrays.fill(shape, 1);
            shape[0] = n;
        } else {
            shape = scaleTensor.shape(); // one statistic per element, in the operand's Python shape
        }
        OnnxGraph onnx = v.onnx();
        String scaled = onnx.node("Mul", x.name(), onnx.weight(v.base() + "_multiplier", new FloatTensor(shape, multiplier)))
                .output(v.base() + "_scaled");
        v.out(onnx.node("Add", scaled, onnx.weight(v.base() + "_offset", new FloatTensor(shape, offset))).output(v.base()), x.rank());
    }

    /** ReduceElements: reductionOpName Sum, Mean, Max, Min, Prod or LogSum over one static axis, keeping it or not. */
    private static void reduce(CntkValues v) {
        CntkValues.Value x = v.value(v.input(0));
        CntkValue.Dict attributes = v.attributes();
        String onnxOp = switch (attributes.text("reductionOpName")) {
            case "Sum" -> "ReduceSum";
            case "Mean" -> "ReduceMean";
            case "Max" -> "ReduceMax";
            case "Min" -> "ReduceMin";
            case "Prod" -> "ReduceProd";
            case "LogSum" -> "ReduceLogSumExp";
            default -> throw v.refused("reduces by \"" + attributes.text("reductionOpName") + "\", which ecdkit does not translate");
        };
        long axis = onnxAxis(v, attributes.get("axis"), x.rank(), "axis");
        boolean keep = attributes.bool("reductionKeepDimensions", true);
        OnnxGraph onnx = v.onnx();
        v.out(onnx.node(onnxOp, x.name(), onnx.int64s(v.base() + "_axes", axis)).attr("keepdims", keep ? 1L : 0L)
                .output(v.base()), keep ? x.rank() : x.rank() - 1);
    }

    private static void clip(CntkValues v) {
        CntkValues.Value x = v.value(v.input(0));
        float low = v.constantValue(v.input(1)).values()[0];
        float high = v.constantValue(v.input(2)).values()[0];
        OnnxGraph onnx = v.onnx();
        v.out(onnx.node("Clip", x.name(), onnx.scalar(v.base() + "_min", low), onnx.scalar(v.base() + "_max", high))
                .output(v.base()), x.rank());
    }

    /** Pad: paddingHead and paddingFoot per static axis (stored order); paddingMode 0 constant, 1 reflect. */
    private static void pad(CntkValues v) {
        CntkValues.Value x = v.value(v.input(0));
        CntkValue.Dict attributes = v.attributes();
        long[] head = numbers(attributes, "paddingHead", x.rank());
        long[] foot = numbers(attributes, "paddingFoot", x.rank());
        long mode = attributes.number("paddingMode", 0);
        if (mode > 1) {
            throw v.refused("pads symmetrically (mode " + mode + "), which ONNX's Pad cannot express");
        }
        long[] pads = new long[2 * (x.rank() + 1)];
        for (int i = 0; i < x.rank(); i++) {
            pads[1 + i] = head[x.rank() - 1 - i];
            pads[x.rank() + 2 + i] = foot[x.rank() - 1 - i];
        }
        OnnxGraph onnx = v.onnx();
        String value = mode == 0 ? onnx.scalar(v.base() + "_value", (float) attributes.real("paddingConstantValue", 0)) : "";
        String out = mode == 0 ? onnx.pad(x.name(), pads, value, v.base())
                : onnx.node("Pad", x.name(), onnx.int64s(v.base() + "_pads", pads)).attr("mode", "reflect").output(v.base());
        v.out(out, x.rank());
    }

    private static long[] numbers(CntkValue.Dict attributes, String key, int rank) {
        var list = attributes.vector(key);
        long[] result = new long[rank];
        for (int i = 0; i < rank && i < list.size(); i++) {
            result[i] = list.get(i) instanceof CntkValue.Number n ? (long) n.value() : 0;
        }
        return result;
    }
}
