package org.ecdkit.translate.keras;

import java.util.HashMap;
import java.util.Map;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * The ONNX graph a Keras model is translated into, with what every layer translation shares: moving
 * values between Keras's channels-last order and ONNX's channels-first one (each move made once per
 * value), axis numbers, per-channel constants, and Keras's activation functions.
 */
final class KerasGraph {

    private final OnnxGraph onnx;
    private final boolean channelsLast;
    private final int kerasMajor;
    private final Map<String, KerasTensor> moved = new HashMap<>();

    /**
     * @param channelsLast whether the model's layers see images channels last (Keras's default); a
     *                     channels_first model's tensors are already in ONNX's order
     * @param kerasMajor   the Keras that wrote the model: some activations changed meaning in Keras 3
     */
    KerasGraph(OnnxGraph onnx, boolean channelsLast, int kerasMajor) {
        this.onnx = onnx;
        this.channelsLast = channelsLast;
        this.kerasMajor = kerasMajor;
    }

    OnnxGraph onnx() {
        return onnx;
    }

    int kerasMajor() {
        return kerasMajor;
    }

    /** {@code tensor} with channels on axis 1, as ONNX's Conv, pooling, Resize and Pad want it. */
    KerasTensor channelsFirst(KerasTensor tensor) {
        if (!tensor.image() || tensor.permuted() || !channelsLast) {
            return tensor;
        }
        return moved.computeIfAbsent(tensor.value() + "#first", k -> {
            int rank = tensor.rank();
            long[] perm = new long[rank];
            perm[1] = rank - 1;
            for (int i = 2; i < rank; i++) {
                perm[i] = i - 1;
            }
            String value = onnx.transpose(tensor.value(), perm, tensor.value() + "_channels_first");
            return new KerasTensor(value, rank, true);
        });
    }

    /** {@code tensor} in the axis order Keras sees it. */
    KerasTensor kerasOrder(KerasTensor tensor) {
        if (!tensor.permuted()) {
            return tensor;
        }
        return moved.computeIfAbsent(tensor.value() + "#keras", k -> {
            int rank = tensor.rank();
            long[] perm = new long[rank];
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            String value = onnx.transpose(tensor.value(), perm, tensor.value() + "_channels_last");
            return new KerasTensor(value, rank, false);
        });
    }

    /** The ONNX axis of Keras axis {@code axis} (negative counts from the end) of {@code tensor}. */
    static int onnxAxis(KerasTensor tensor, int axis, LayerConfig layer) {
        int rank = tensor.rank();
        int normal = axis < 0 ? axis + rank : axis;
        if (normal < 0 || normal >= rank) {
            throw layer.unsupported("over axis " + axis + " of a tensor of rank " + rank);
        }
        if (!tensor.permuted() || normal == 0) {
            return normal;
        }
        return normal == rank - 1 ? 1 : normal + 1;
    }

    /**
     * A per-channel constant shaped to broadcast along ONNX axis {@code axis} of a tensor of rank
     * {@code rank}: {@code [C, 1, ..., 1]}, as many ones as axes after it.
     */
    String alongAxis(String base, float[] values, int axis, int rank) {
        if (values.length == 1) {
            return onnx.scalar(base, values[0]);
        }
        long[] shape = new long[rank - axis];
        java.util.Arrays.fill(shape, 1);
        shape[0] = values.length;
        return onnx.weight(base, new FloatTensor(shape, values));
    }

    /** Applies Keras activation {@code name} ("relu", "softmax", ...) to {@code x}. */
    KerasTensor activation(JsonCursor activation, KerasTensor x, LayerConfig layer) {
        String name;
        if (activation.isString()) {
            name = activation.asString();
        } else if (activation.isObject() && activation.find("class_name").filter(JsonCursor::isString).isPresent()) {
            // Keras 3 may serialise a built-in activation as {"class_name": "function", "config": "relu"}
            JsonCursor config = activation.find("config").orElse(activation);
            name = config.isString() ? config.asString() : activation.get("class_name").asString();
        } else {
            throw layer.unsupported("with an activation ecdkit cannot read (" + activation.value().describe() + ")");
        }
        return activation(name, x, layer);
    }

    KerasTensor activation(String name, KerasTensor x, LayerConfig layer) {
        String in = x.value();
        String base = layer.name() + "_" + name;
        String out = switch (name) {
            case "linear", "None" -> in;
            case "relu" -> onnx.node("Relu", in).output(base);
            case "relu6" -> onnx.node("Clip", in, onnx.scalar(base + "_min", 0f), onnx.scalar(base + "_max", 6f)).output(base);
            case "sigmoid" -> onnx.node("Sigmoid", in).output(base);
            case "tanh" -> onnx.node("Tanh", in).output(base);
            case "elu" -> onnx.node("Elu", in).attr("alpha", 1f).output(base);
            case "selu" -> onnx.node("Selu", in).output(base);
            case "softplus" -> onnx.node("Softplus", in).output(base);
            case "softsign" -> onnx.node("Softsign", in).output(base);
            case "exponential" -> onnx.node("Exp", in).output(base);
            case "swish", "silu" -> onnx.node("Mul", in, onnx.node("Sigmoid", in).output(base + "_sigmoid")).output(base);
            case "hard_swish", "hard_silu" -> onnx.node("HardSwish", in).output(base);
            // Keras 3: relu6(x + 3) / 6; Keras 2: clip(0.2 x + 0.5, 0, 1)
            case "hard_sigmoid" -> onnx.node("HardSigmoid", in).attr("alpha", kerasMajor >= 3 ? 1f / 6f : 0.2f)
                    .attr("beta", 0.5f).output(base);
            case "leaky_relu" -> onnx.node("LeakyRelu", in).attr("alpha", 0.2f).output(base);
            case "gelu" -> gelu(in, base);
            case "mish" -> onnx.node("Mul", in, onnx.node("Tanh", onnx.node("Softplus", in).output(base + "_softplus"))
                    .output(base + "_tanh")).output(base);
            case "softmax" -> onnx.node("Softmax", in).attr("axis", (long) onnxAxis(x, -1, layer)).output(base);
            case "log_softmax" -> onnx.node("LogSoftmax", in).attr("axis", (long) onnxAxis(x, -1, layer)).output(base);
            default -> throw layer.unsupported("with activation \"" + name + "\", which ecdkit does not translate");
        };
        return new KerasTensor(out, x.rank(), x.permuted());
    }

    /** Keras's gelu without approximation: x * (1 + erf(x / sqrt 2)) / 2 (opset 17 has no Gelu). */
    private String gelu(String in, String base) {
        String scaled = onnx.node("Mul", in, onnx.scalar(base + "_rsqrt2", (float) (1 / Math.sqrt(2)))).output(base + "_scaled");
        String erf = onnx.node("Erf", scaled).output(base + "_erf");
        String plus = onnx.node("Add", erf, onnx.scalar(base + "_one", 1f)).output(base + "_plus_one");
        String half = onnx.node("Mul", in, onnx.scalar(base + "_half", 0.5f)).output(base + "_half_x");
        return onnx.node("Mul", half, plus).output(base);
    }
}
