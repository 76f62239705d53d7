package org.ecdkit.translate.keras;

import static org.ecdkit.translate.keras.ConvolutionLayers.activated;
import static org.ecdkit.translate.keras.ConvolutionLayers.single;
import static org.ecdkit.translate.keras.ConvolutionLayers.tensor;
import static org.ecdkit.translate.keras.ConvolutionLayers.weight;

import java.util.List;
import org.ecdkit.model.keras.KerasWeight;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/** Dense, and the layers that do nothing at inference (dropout, noise, regularisation). */
final class CoreLayers {

    private CoreLayers() {
    }

    /** Dense acts on the last axis (in Keras's order) of a tensor of any rank: MatMul, then the bias. */
    static KerasTensor dense(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.kerasOrder(single(layer, inputs));
        KerasWeight kernel = weight(layer, weights, 0, 2, "kernel");
        OnnxGraph onnx = graph.onnx();
        String out = onnx.node("MatMul", x.value(), onnx.weight(layer.name() + "_kernel", tensor(kernel)))
                .output(layer.flag("use_bias", true) ? layer.name() + "_matmul" : layer.name());
        FloatTensor bias = ConvolutionLayers.bias(layer, weights, 1);
        if (bias != null) {
            out = onnx.node("Add", out, onnx.weight(layer.name() + "_bias", bias)).output(layer.name());
        }
        return activated(layer, graph, new KerasTensor(out, x.rank(), false));
    }

    /** Dropout, noise and regularisation layers act only in training: the tensor passes through. */
    static KerasTensor identity(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        return single(layer, inputs);
    }
}
