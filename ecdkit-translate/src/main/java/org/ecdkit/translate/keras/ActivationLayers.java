package org.ecdkit.translate.keras;

import static org.ecdkit.translate.keras.ConvolutionLayers.single;

import java.util.List;
import org.ecdkit.model.keras.KerasWeight;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/** Activation, ReLU, LeakyReLU, ELU, PReLU, ThresholdedReLU and Softmax layers. */
final class ActivationLayers {

    private ActivationLayers() {
    }

    static KerasTensor activation(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        return graph.activation(layer.option("activation").orElseThrow(() -> layer.unsupported("without its activation")), x, layer);
    }

    /** max(x, threshold) style ReLU with Keras's three options: max_value, negative_slope, threshold. */
    static KerasTensor relu(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        double max = layer.number("max_value", Double.NaN);
        double slope = layer.number("negative_slope", 0);
        double threshold = layer.number("threshold", 0);
        OnnxGraph onnx = graph.onnx();
        String out;
        if (threshold == 0) {
            out = slope == 0 ? onnx.node("Relu", x.value()).output(layer.name() + "_relu")
                    : onnx.node("LeakyRelu", x.value()).attr("alpha", (float) slope).output(layer.name() + "_leaky");
        } else {
            // x >= threshold ? x : slope * (x - threshold)
            String limit = onnx.scalar(layer.name() + "_threshold", (float) threshold);
            String below = onnx.node("Mul", onnx.node("Sub", x.value(), limit).output(layer.name() + "_shifted"),
                    onnx.scalar(layer.name() + "_slope", (float) slope)).output(layer.name() + "_below");
            String above = onnx.node("GreaterOrEqual", x.value(), limit).output(layer.name() + "_above");
            out = onnx.node("Where", above, x.value(), below).output(layer.name() + "_relu");
        }
        if (!Double.isNaN(max)) {
            out = onnx.node("Min", out, onnx.scalar(layer.name() + "_max", (float) max)).output(layer.name());
        }
        return new KerasTensor(out, x.rank(), x.permuted());
    }

    /** Keras 2 names the slope alpha (default 0.3), Keras 3 negative_slope (same default). */
    static KerasTensor leakyRelu(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        double slope = layer.number("negative_slope", layer.number("alpha", 0.3));
        return new KerasTensor(graph.onnx().node("LeakyRelu", x.value()).attr("alpha", (float) slope).output(layer.name()),
                x.rank(), x.permuted());
    }

    static KerasTensor elu(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        return new KerasTensor(graph.onnx().node("Elu", x.value()).attr("alpha", (float) layer.number("alpha", 1.0))
                .output(layer.name()), x.rank(), x.permuted());
    }

    static KerasTensor thresholdedRelu(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        return new KerasTensor(graph.onnx().node("ThresholdedRelu", x.value()).attr("alpha", (float) layer.number("theta", 1.0))
                .output(layer.name()), x.rank(), x.permuted());
    }

    static KerasTensor softmax(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        int axis = KerasGraph.onnxAxis(x, layer.axis("axis", -1), layer);
        return new KerasTensor(graph.onnx().node("Softmax", x.value()).attr("axis", (long) axis).output(layer.name()),
                x.rank(), x.permuted());
    }

    /**
     * PReLU's alpha has the input's shape without the batch (Keras order), ones on shared axes; it is
     * moved channels first when the input is.
     */
    static KerasTensor prelu(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        FloatTensor alpha = ConvolutionLayers.tensor(ConvolutionLayers.weight(layer, weights, 0, x.rank() - 1, "alpha"));
        if (x.permuted()) {
            int rank = alpha.rank();
            int[] perm = new int[rank];
            perm[0] = rank - 1;
            for (int i = 1; i < rank; i++) {
                perm[i] = i - 1;
            }
            alpha = alpha.transpose(perm);
        }
        OnnxGraph onnx = graph.onnx();
        return new KerasTensor(onnx.node("PRelu", x.value(), onnx.weight(layer.name() + "_alpha", alpha)).output(layer.name()),
                x.rank(), x.permuted());
    }
}
