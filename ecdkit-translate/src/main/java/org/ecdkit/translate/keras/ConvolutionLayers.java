package org.ecdkit.translate.keras;

import java.util.List;
import org.ecdkit.model.keras.KerasWeight;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * Conv1D/2D/3D (with groups and dilations), DepthwiseConv1D/2D, SeparableConv1D/2D and
 * Conv1DTranspose/2DTranspose/3DTranspose. Keras keeps kernels as {@code [k..., in, out]}
 * (transposed: {@code [k..., out, in]}), ONNX as {@code [out, in, k...]} ({@code [in, out, k...]}).
 *
 * <p>Padding follows TensorFlow's rule, which Keras uses on every backend: "same" pads
 * {@code (k - 1) d} in all, the odd pixel at the end; with strides ONNX's SAME_UPPER computes the
 * same from the input's size at run time.
 */
final class ConvolutionLayers {

    private ConvolutionLayers() {
    }

    static KerasTensor convolution(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        int spatial = x.rank() - 2;
        KerasWeight kernel = weight(layer, weights, 0, spatial + 2, "kernel");
        long groups = layer.option("groups").map(g -> g.asLong(1, Integer.MAX_VALUE)).orElse(1L);
        FloatTensor onnxKernel = tensor(kernel).transpose(kernelToOnnx(spatial));
        String out = conv(layer, graph, x, onnxKernel, groups, bias(layer, weights, 1), layer.ints("strides", spatial, 1),
                layer.ints("dilation_rate", spatial, 1), layer.name());
        return activated(layer, graph, new KerasTensor(out, x.rank(), x.permuted()));
    }

    static KerasTensor depthwise(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        int spatial = x.rank() - 2;
        KerasWeight kernel = weight(layer, weights, 0, spatial + 2, "depthwise kernel");
        FloatTensor onnxKernel = depthwiseKernel(kernel, spatial);
        String out = conv(layer, graph, x, onnxKernel, kernel.dim(spatial), bias(layer, weights, 1),
                layer.ints("strides", spatial, 1), layer.ints("dilation_rate", spatial, 1), layer.name());
        return activated(layer, graph, new KerasTensor(out, x.rank(), x.permuted()));
    }

    static KerasTensor separable(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        int spatial = x.rank() - 2;
        KerasWeight depthwise = weight(layer, weights, 0, spatial + 2, "depthwise kernel");
        KerasWeight pointwise = weight(layer, weights, 1, spatial + 2, "pointwise kernel");
        String across = conv(layer, graph, x, depthwiseKernel(depthwise, spatial), depthwise.dim(spatial), null,
                layer.ints("strides", spatial, 1), layer.ints("dilation_rate", spatial, 1), layer.name() + "_depthwise");
        long[] ones = new long[spatial];
        java.util.Arrays.fill(ones, 1);
        KerasTensor depthwiseOut = new KerasTensor(across, x.rank(), x.permuted());
        String out = conv(layer, graph, depthwiseOut, tensor(pointwise).transpose(kernelToOnnx(spatial)), 1,
                bias(layer, weights, 2), ones, ones, layer.name());
        return activated(layer, graph, new KerasTensor(out, x.rank(), x.permuted()));
    }

    static KerasTensor transposed(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        int spatial = x.rank() - 2;
        KerasWeight kernel = weight(layer, weights, 0, spatial + 2, "kernel");
        if (layer.option("output_padding").isPresent()) {
            throw layer.unsupported("with an explicit output_padding, which ecdkit does not translate");
        }
        long[] strides = layer.ints("strides", spatial, 1);
        long[] dilations = layer.ints("dilation_rate", spatial, 1);
        long[] sizes = new long[spatial];
        long[] pads = new long[2 * spatial];
        long[] outputPadding = new long[spatial];
        boolean same = padding(layer).equals("same");
        for (int i = 0; i < spatial; i++) {
            sizes[i] = kernel.dim(i);
            long effective = (sizes[i] - 1) * dilations[i] + 1;
            // TensorFlow's conv_transpose is the gradient of a conv with the same padding: it yields
            // in * s ("same") or in * s + max(k - s, 0) ("valid"); ONNX crops pads and adds output_padding.
            long total = same ? Math.max(effective - strides[i], 0) : 0;
            pads[i] = total / 2;
            pads[i + spatial] = total - total / 2;
            outputPadding[i] = Math.max(strides[i] - effective, 0);
        }
        // Keras [k..., out, in] -> ONNX [in, out, k...]
        FloatTensor onnxKernel = tensor(kernel).transpose(kernelToOnnx(spatial));
        OnnxGraph onnx = graph.onnx();
        String w = onnx.weight(layer.name() + "_kernel", onnxKernel);
        FloatTensor b = bias(layer, weights, 1);
        String out = onnx.node("ConvTranspose", b == null ? new String[] {x.value(), w}
                : new String[] {x.value(), w, onnx.weight(layer.name() + "_bias", b)})
                .attr("kernel_shape", sizes).attr("strides", strides).attr("dilations", dilations).attr("pads", pads)
                .attr("output_padding", outputPadding).output(layer.name());
        return activated(layer, graph, new KerasTensor(out, x.rank(), x.permuted()));
    }

    /** The activation in the layer's own config ("activation": "relu"), if any. */
    static KerasTensor activated(LayerConfig layer, KerasGraph graph, KerasTensor x) {
        return layer.option("activation").map(a -> graph.activation(a, x, layer)).orElse(x);
    }

    static KerasTensor single(LayerConfig layer, List<KerasTensor> inputs) {
        if (inputs.size() != 1) {
            throw layer.unsupported("called on " + inputs.size() + " tensors; it takes one");
        }
        return inputs.get(0);
    }

    static String padding(LayerConfig layer) {
        String padding = layer.text("padding", "valid").toLowerCase(java.util.Locale.ROOT);
        if (!padding.equals("valid") && !padding.equals("same") && !padding.equals("causal")) {
            throw layer.unsupported("with padding \"" + padding + "\"; Keras defines valid, same and causal");
        }
        return padding;
    }

    static KerasWeight weight(LayerConfig layer, List<KerasWeight> weights, int index, int rank, String what) {
        if (weights.size() <= index) {
            throw layer.unsupported("has " + weights.size() + " weights in the file; its " + what + " (weight " + (index + 1)
                    + ") is missing");
        }
        KerasWeight weight = weights.get(index);
        if (weight.rank() != rank) {
            throw layer.unsupported("has a " + what + " of shape " + java.util.Arrays.toString(weight.shape()) + "; expected "
                    + rank + " dimensions");
        }
        return weight;
    }

    static FloatTensor tensor(KerasWeight weight) {
        return new FloatTensor(weight.shape(), weight.values());
    }

    /** The bias, or null when the layer has none ("use_bias": false). */
    static FloatTensor bias(LayerConfig layer, List<KerasWeight> weights, int index) {
        if (!layer.flag("use_bias", true)) {
            return null;
        }
        return tensor(weight(layer, weights, index, 1, "bias"));
    }

    /** [k..., in, out] -> [out, in, k...] (and [k..., out, in] -> [in, out, k...] for a transposed kernel). */
    private static int[] kernelToOnnx(int spatial) {
        int[] perm = new int[spatial + 2];
        perm[0] = spatial + 1;
        perm[1] = spatial;
        for (int i = 0; i < spatial; i++) {
            perm[i + 2] = i;
        }
        return perm;
    }

    /** Keras's [k..., in, multiplier] -> ONNX's [in * multiplier, 1, k...] for a convolution of in groups. */
    private static FloatTensor depthwiseKernel(KerasWeight kernel, int spatial) {
        int[] perm = new int[spatial + 2];
        perm[0] = spatial;
        perm[1] = spatial + 1;
        for (int i = 0; i < spatial; i++) {
            perm[i + 2] = i;
        }
        FloatTensor moved = tensor(kernel).transpose(perm);
        long[] shape = moved.shape();
        long[] grouped = new long[spatial + 2];
        grouped[0] = shape[0] * shape[1];
        grouped[1] = 1;
        System.arraycopy(shape, 2, grouped, 2, spatial);
        return moved.reshape(grouped);
    }

    private static String conv(LayerConfig layer, KerasGraph graph, KerasTensor x, FloatTensor kernel, long groups, FloatTensor bias,
            long[] strides, long[] dilations, String name) {
        int spatial = x.rank() - 2;
        OnnxGraph onnx = graph.onnx();
        long[] sizes = new long[spatial];
        for (int i = 0; i < spatial; i++) {
            sizes[i] = kernel.dim(i + 2);
        }
        String w = onnx.weight(name + "_kernel", kernel);
        OnnxGraph.Node node = bias == null ? onnx.node("Conv", x.value(), w)
                : onnx.node("Conv", x.value(), w, onnx.weight(name + "_bias", bias));
        node.attr("kernel_shape", sizes).attr("strides", strides).attr("dilations", dilations).attr("group", groups);
        String padding = padding(layer);
        boolean strided = java.util.Arrays.stream(strides).anyMatch(s -> s > 1);
        if (padding.equals("same") && strided) {
            node.attr("auto_pad", "SAME_UPPER");
        } else {
            long[] pads = new long[2 * spatial];
            for (int i = 0; i < spatial; i++) {
                long total = (sizes[i] - 1) * dilations[i];
                if (padding.equals("same")) {
                    pads[i] = total / 2;
                    pads[i + spatial] = total - total / 2;
                } else if (padding.equals("causal")) {
                    pads[i] = total; // causal: everything before, nothing after
                }
            }
            node.attr("pads", pads);
        }
        return node.output(name);
    }
}
