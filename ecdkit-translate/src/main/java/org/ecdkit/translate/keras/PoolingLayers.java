package org.ecdkit.translate.keras;

import static org.ecdkit.translate.keras.ConvolutionLayers.single;

/**
 * Max and average pooling in 1 to 3 dimensions, local and global (opset 18's reductions take their
 * axes as an input). TensorFlow's "same" average
 * pooling divides by the pixels inside the image, as ONNX's AveragePool does by default.
 */
final class PoolingLayers {

    private PoolingLayers() {
    }

    static LayerTranslation local(String onnxOp) {
        return (layer, inputs, weights, graph) -> {
            KerasTensor x = graph.channelsFirst(single(layer, inputs));
            int spatial = x.rank() - 2;
            long[] size = layer.ints("pool_size", spatial, 2);
            long[] strides = layer.option("strides").isPresent() ? layer.ints("strides", spatial, 1) : size;
            var node = graph.onnx().node(onnxOp, x.value()).attr("kernel_shape", size).attr("strides", strides);
            if (onnxOp.equals("MaxPool") && graph.onnx().zeroPadded(x.value())) {
                node.unusedOutput("indices"); // see OnnxGraph: stops a wrong Pad fusion
            }
            if (ConvolutionLayers.padding(layer).equals("same")) {
                node.attr("auto_pad", "SAME_UPPER");
            }
            return new KerasTensor(node.output(layer.name()), x.rank(), x.permuted());
        };
    }

    static LayerTranslation global(String onnxReduce) {
        return (layer, inputs, weights, graph) -> {
            KerasTensor x = graph.channelsFirst(single(layer, inputs));
            boolean keep = layer.flag("keepdims", false);
            long[] axes = new long[x.rank() - 2];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i + 2;
            }
            String out = graph.onnx().node(onnxReduce, x.value(), graph.onnx().int64s(layer.name() + "_axes", axes))
                    .attr("keepdims", keep ? 1L : 0L).output(layer.name());
            return keep ? new KerasTensor(out, x.rank(), x.permuted()) : new KerasTensor(out, 2, false);
        };
    }
}
