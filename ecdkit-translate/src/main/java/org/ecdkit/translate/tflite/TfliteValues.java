package org.ecdkit.translate.tflite;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.model.tflite.TfliteGraph;
import org.ecdkit.model.tflite.TfliteGraphTensor;
import org.ecdkit.model.tflite.TfliteOperator;
import org.ecdkit.model.tflite.TfliteQuantization;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * The ONNX values of a TFLite graph's tensors as the translation makes them. TFLite's tensors are
 * channels last; convolutions, pooling and resizing want channels first. An image tensor made by
 * such an operator is kept channels first ({@link #outFirst}), and so are the element-wise results,
 * merges and paddings computed from it; its channels-last form is made only when an operator that
 * needs TFLite's order reads it (or it is an output), so a net's body stays channels first with no
 * Transpose between its layers (measured: twice the speed of a Transpose pair around each
 * convolution, which ONNX Runtime's optimiser did not remove across the activations between them).
 * A tensor TFLite quantizes to 8 bits is computed in float and rounded to its quantization grid
 * (QuantizeLinear then DequantizeLinear), as TFLite's integer kernels round it.
 */
final class TfliteValues {

    private final OnnxGraph onnx;
    private final TfliteGraph graph;
    private final Map<Integer, String> values = new HashMap<>();
    /** Rank-4 tensors' channels-first forms, where made. */
    private final Map<Integer, String> firsts = new HashMap<>();
    /** Tensors computed from constants alone (DEQUANTIZE of float16 weights), folded at translation time. */
    private final Map<Integer, FloatTensor> folded = new HashMap<>();
    private TfliteOperator current;

    TfliteValues(OnnxGraph onnx, TfliteGraph graph) {
        this.onnx = onnx;
        this.graph = graph;
    }

    OnnxGraph onnx() {
        return onnx;
    }

    Path file() {
        return graph.file();
    }

    void at(TfliteOperator operator) {
        this.current = operator;
    }

    TfliteGraphTensor tensor(int index) {
        return graph.tensor(index);
    }

    /** The operator's input {@code i} as an ONNX value; a constant becomes a float initializer. */
    String in(int i) {
        int index = current.input(i);
        if (index < 0) {
            throw refused("has no input " + i + ", which it needs");
        }
        String value = nhwc(index);
        if (value != null) {
            return value;
        }
        TfliteGraphTensor tensor = graph.tensor(index);
        if (folded.containsKey(index)) {
            value = onnx.weight(name(tensor), folded.get(index));
            values.put(index, value);
            return value;
        }
        if (!tensor.constant()) {
            throw refused("reads tensor " + index + " \"" + tensor.name() + "\", which no earlier operator makes");
        }
        value = onnx.weight(name(tensor), TfliteConstants.floats(graph.file(), tensor));
        values.put(index, value);
        return value;
    }

    FloatTensor constant(int i) {
        TfliteGraphTensor tensor = inputTensor(i);
        FloatTensor value = folded.get(tensor.index());
        return value != null ? value : TfliteConstants.floats(graph.file(), tensor);
    }

    /** Input {@code i}, a sparse constant, made dense. */
    FloatTensor densified(int i) {
        return SparseConstant.densify(graph.file(), inputTensor(i));
    }

    /** Whether input {@code i} is known at translation time (stored, or folded from stored values). */
    boolean constantInput(int i) {
        TfliteGraphTensor tensor = inputTensor(i);
        return tensor.constant() || folded.containsKey(tensor.index());
    }

    /** Records the operator's output as a constant computed at translation time. */
    void fold(FloatTensor value) {
        folded.put(outputTensor().index(), value);
    }

    long[] ints(int i) {
        return TfliteConstants.ints(graph.file(), inputTensor(i));
    }

    TfliteGraphTensor inputTensor(int i) {
        int index = current.input(i);
        if (index < 0) {
            throw refused("has no input " + i + ", which it needs");
        }
        return graph.tensor(index);
    }

    boolean hasInput(int i) {
        return current.input(i) >= 0;
    }

    TfliteGraphTensor outputTensor() {
        return graph.tensor(current.outputs()[0]);
    }

    void define(int tensor, String value) {
        values.put(tensor, value);
    }

    /** Makes {@code value} the operator's first output, rounded to its quantization grid if it has one. */
    void out(String value) {
        TfliteGraphTensor tensor = outputTensor();
        values.put(tensor.index(), quantized(tensor, value));
    }

    /** A name for the operator's next value. */
    String base() {
        return name(outputTensor());
    }

    private String quantized(TfliteGraphTensor tensor, String value) {
        if (tensor.quantization().isEmpty() || tensor.type() == TfliteGraphTensor.FLOAT32
                || tensor.type() == TfliteGraphTensor.FLOAT16) {
            return value;
        }
        if (tensor.type() != TfliteGraphTensor.INT8 && tensor.type() != TfliteGraphTensor.UINT8) {
            throw refused("makes tensor \"" + tensor.name() + "\" quantized to " + tensor.elementType().label()
                    + " (16-bit activations), which has no float equivalent in ONNX opset " + OnnxGraph.OPSET);
        }
        TfliteQuantization q = tensor.quantization().get();
        String scale = onnx.scalar(name(tensor) + "_scale", q.scale(0));
        String zero = onnx.zeroPoint(name(tensor) + "_zero_point", tensor.type() == TfliteGraphTensor.INT8, q.zeroPoint(0));
        String quantized = onnx.node("QuantizeLinear", value, scale, zero).output(name(tensor) + "_quantized");
        return onnx.node("DequantizeLinear", quantized, scale, zero).output(name(tensor) + "_real");
    }

    /** The tensor's value in TFLite's order, made from its channels-first form if need be; null if none. */
    String nhwc(int tensor) {
        String value = values.get(tensor);
        if (value == null && firsts.containsKey(tensor)) {
            String first = firsts.get(tensor);
            value = channelsLast(first, 4, first.endsWith("_nchw") ? first.substring(0, first.length() - 5) : first + "_nhwc");
            values.put(tensor, value);
        }
        return value;
    }

    /** Whether input {@code i} has a channels-first form already (so reading it that way costs nothing). */
    boolean hasFirst(int i) {
        int index = current.input(i);
        return index >= 0 && firsts.containsKey(index);
    }

    /** Input {@code i}, a rank-4 tensor, channels first. */
    String first(int i) {
        TfliteGraphTensor tensor = inputTensor(i);
        String existing = firsts.get(tensor.index());
        if (existing != null) {
            return existing;
        }
        String value = channelsFirst(in(i), 4);
        firsts.put(tensor.index(), value);
        return value;
    }

    /** Makes {@code value}, channels first, the operator's first output (a rank-4 tensor). */
    void outFirst(String value) {
        TfliteGraphTensor tensor = outputTensor();
        firsts.put(tensor.index(), quantized(tensor, value));
    }

    /** NHWC to NCHW for a rank-4 value (and the analogue for other ranks: last axis to 1). */
    String channelsFirst(String value, int rank) {
        long[] perm = new long[rank];
        perm[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            perm[i] = i - 1;
        }
        return onnx.transpose(value, perm, value + "_nchw");
    }

    String channelsLast(String value, int rank, String base) {
        long[] perm = new long[rank];
        for (int i = 1; i < rank - 1; i++) {
            perm[i] = i + 1;
        }
        perm[rank - 1] = 1;
        return onnx.transpose(value, perm, base);
    }

    /** TFLite's fused activation: NONE 0, RELU 1, RELU_N1_TO_1 2, RELU6 3, TANH 4, SIGN_BIT 5. */
    String activation(String value, int fused) {
        String base = base() + "_activation";
        return switch (fused) {
            case 0 -> value;
            case 1 -> onnx.node("Relu", value).output(base);
            case 2 -> onnx.node("Clip", value, onnx.scalar(base + "_min", -1f), onnx.scalar(base + "_max", 1f)).output(base);
            case 3 -> onnx.node("Clip", value, onnx.scalar(base + "_min", 0f), onnx.scalar(base + "_max", 6f)).output(base);
            case 4 -> onnx.node("Tanh", value).output(base);
            default -> throw refused("fuses activation " + fused + " (SIGN_BIT or unknown), which ecdkit does not translate");
        };
    }

    UnsupportedInputException refused(String problem) {
        return new UnsupportedInputException(Place.in(graph.file(), "operator " + current.index() + " (" + current.label() + ")"),
                problem);
    }

    static String name(TfliteGraphTensor tensor) {
        String name = tensor.name().replaceAll("[^A-Za-z0-9_./:-]", "_");
        return name.isEmpty() ? "tensor_" + tensor.index() : name;
    }
}
