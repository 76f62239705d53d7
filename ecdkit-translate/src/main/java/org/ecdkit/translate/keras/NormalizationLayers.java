package org.ecdkit.translate.keras;

import static org.ecdkit.translate.keras.ConvolutionLayers.single;
import static org.ecdkit.translate.keras.ConvolutionLayers.weight;

import java.util.List;
import org.ecdkit.model.keras.KerasWeight;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * BatchNormalization, Normalization and Rescaling: each an affine map per channel at inference,
 * folded at translation time into one multiplication and one addition along the layer's axis.
 */
final class NormalizationLayers {

    private NormalizationLayers() {
    }

    /** (x - mean) / sqrt(variance + epsilon) * gamma + beta, gamma and beta present unless scale/center are off. */
    static KerasTensor batchNormalization(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        boolean scale = layer.flag("scale", true);
        boolean center = layer.flag("center", true);
        int expected = 2 + (scale ? 1 : 0) + (center ? 1 : 0);
        if (weights.size() != expected) {
            throw layer.unsupported("has " + weights.size() + " weights in the file; with scale=" + scale + " and center="
                    + center + " it has " + expected);
        }
        int at = 0;
        float[] gamma = scale ? weight(layer, weights, at++, 1, "gamma").values() : null;
        float[] beta = center ? weight(layer, weights, at++, 1, "beta").values() : null;
        float[] mean = weight(layer, weights, at++, 1, "moving mean").values();
        float[] variance = weight(layer, weights, at, 1, "moving variance").values();
        double epsilon = layer.number("epsilon", 1e-3);
        float[] multiplier = new float[mean.length];
        float[] offset = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double m = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt(variance[c] + epsilon);
            multiplier[c] = (float) m;
            offset[c] = (float) ((beta == null ? 0.0 : beta[c]) - mean[c] * m);
        }
        return affine(layer, graph, x, layer.axis("axis", -1), multiplier, offset);
    }

    /** Keras 3: (x - mean) / max(sqrt(variance), 1e-7); mean and variance in the config or the weights. */
    static KerasTensor normalization(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        if (layer.flag("invert", false)) {
            throw layer.unsupported("with invert=true (a de-normalisation), which ecdkit does not translate");
        }
        float[] mean;
        float[] variance;
        if (layer.option("mean").isPresent() && layer.option("variance").isPresent()) {
            mean = layer.numbers("mean");
            variance = layer.numbers("variance");
        } else {
            mean = weight(layer, weights, 0, weights.isEmpty() ? 1 : weights.get(0).rank(), "mean").values();
            variance = weight(layer, weights, 1, weights.get(1).rank(), "variance").values();
        }
        if (mean.length != variance.length) {
            throw layer.unsupported("has " + mean.length + " means but " + variance.length + " variances");
        }
        float[] multiplier = new float[mean.length];
        float[] offset = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double m = 1.0 / Math.max(Math.sqrt(variance[c]), 1e-7);
            multiplier[c] = (float) m;
            offset[c] = (float) (-mean[c] * m);
        }
        return affine(layer, graph, x, layer.axis("axis", -1), multiplier, offset);
    }

    /** x * scale + offset, each a number or one per channel. */
    static KerasTensor rescaling(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = single(layer, inputs);
        float[] scale = layer.numbers("scale");
        float[] offset = layer.option("offset").isPresent() ? layer.numbers("offset") : new float[] {0f};
        return affine(layer, graph, x, -1, scale, offset);
    }

    private static KerasTensor affine(LayerConfig layer, KerasGraph graph, KerasTensor x, int kerasAxis, float[] multiplier,
            float[] offset) {
        int axis = KerasGraph.onnxAxis(x, kerasAxis, layer);
        OnnxGraph onnx = graph.onnx();
        String scaled = onnx.node("Mul", x.value(), graph.alongAxis(layer.name() + "_multiplier", multiplier, axis, x.rank()))
                .output(layer.name() + "_scaled");
        String out = onnx.node("Add", scaled, graph.alongAxis(layer.name() + "_offset", offset, axis, x.rank())).output(layer.name());
        return new KerasTensor(out, x.rank(), x.permuted());
    }
}
