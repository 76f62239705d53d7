package org.ecdkit.translate.keras;

import static org.ecdkit.translate.keras.ConvolutionLayers.single;

import java.util.List;
import java.util.Locale;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.model.keras.KerasWeight;
import org.ecdkit.translate.onnx.OnnxGraph;

/**
 * Layers that move values without computing: flatten, reshape, permute, padding, cropping,
 * upsampling and resizing. Flatten, Reshape and Permute act in Keras's axis order, so their input
 * is put back in that order first; the others act on the spatial axes, channels first.
 */
final class ReshapingLayers {

    private ReshapingLayers() {
    }

    static KerasTensor flatten(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.kerasOrder(single(layer, inputs));
        return new KerasTensor(graph.onnx().node("Flatten", x.value()).attr("axis", 1L).output(layer.name()), 2, false);
    }

    /** Keras's target_shape leaves out the batch; ONNX's 0 copies it from the input. */
    static KerasTensor reshape(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.kerasOrder(single(layer, inputs));
        long[] target = layer.intList("target_shape");
        long[] shape = new long[target.length + 1];
        System.arraycopy(target, 0, shape, 1, target.length);
        OnnxGraph onnx = graph.onnx();
        String out = onnx.node("Reshape", x.value(), onnx.int64s(layer.name() + "_shape", shape)).output(layer.name());
        return new KerasTensor(out, shape.length, false);
    }

    /** Keras's dims count from 1 and leave out the batch. */
    static KerasTensor permute(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.kerasOrder(single(layer, inputs));
        long[] dims = layer.intList("dims");
        if (dims.length != x.rank() - 1) {
            throw layer.unsupported("permutes " + dims.length + " axes of a tensor of rank " + x.rank());
        }
        long[] perm = new long[dims.length + 1];
        System.arraycopy(dims, 0, perm, 1, dims.length);
        return new KerasTensor(graph.onnx().node("Transpose", x.value()).attr("perm", perm).output(layer.name()), x.rank(), false);
    }

    /** ZeroPadding1D/2D/3D: an int, one per axis, or (before, after) per axis. */
    static KerasTensor zeroPadding(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        long[][] amounts = beforeAfter(layer, "padding", x.rank() - 2, 1);
        int rank = x.rank();
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank - 2; i++) {
            pads[i + 2] = amounts[i][0];
            pads[rank + i + 2] = amounts[i][1];
        }
        String out = graph.onnx().pad(x.value(), pads, "", layer.name());
        return new KerasTensor(out, rank, x.permuted());
    }

    static KerasTensor cropping(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        int spatial = x.rank() - 2;
        long[][] amounts = beforeAfter(layer, "cropping", spatial, 0);
        long[] starts = new long[spatial];
        long[] ends = new long[spatial];
        long[] axes = new long[spatial];
        for (int i = 0; i < spatial; i++) {
            starts[i] = amounts[i][0];
            ends[i] = amounts[i][1] == 0 ? Long.MAX_VALUE : -amounts[i][1];
            axes[i] = i + 2;
        }
        OnnxGraph onnx = graph.onnx();
        String out = onnx.node("Slice", x.value(), onnx.int64s(layer.name() + "_starts", starts),
                onnx.int64s(layer.name() + "_ends", ends), onnx.int64s(layer.name() + "_axes", axes)).output(layer.name());
        return new KerasTensor(out, x.rank(), x.permuted());
    }

    /**
     * UpSampling1D/2D/3D. Nearest repeats each pixel (Keras calls repeat), which is ONNX's nearest
     * with asymmetric coordinates rounded down; bilinear is TensorFlow's resize with half-pixel centres.
     */
    static KerasTensor upSampling(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        int spatial = x.rank() - 2;
        long[] size = layer.ints("size", spatial, 2);
        float[] scales = new float[x.rank()];
        java.util.Arrays.fill(scales, 1f);
        for (int i = 0; i < spatial; i++) {
            scales[i + 2] = size[i];
        }
        String interpolation = layer.text("interpolation", "nearest").toLowerCase(Locale.ROOT);
        OnnxGraph onnx = graph.onnx();
        OnnxGraph.Node node = onnx.node("Resize", x.value(), "", onnx.weight(layer.name() + "_scales",
                org.ecdkit.translate.onnx.FloatTensor.vector(scales)));
        resizeMode(layer, node, interpolation, true);
        return new KerasTensor(node.output(layer.name()), x.rank(), x.permuted());
    }

    /** Resizing(height, width): TensorFlow's resize (half-pixel centres, no antialiasing) to a fixed size. */
    static KerasTensor resizing(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph) {
        KerasTensor x = graph.channelsFirst(single(layer, inputs));
        if (x.rank() != 4) {
            throw layer.unsupported("on a tensor of rank " + x.rank() + "; it resizes images");
        }
        if (layer.flag("crop_to_aspect_ratio", false) || layer.flag("pad_to_aspect_ratio", false) || layer.flag("antialias", false)) {
            throw layer.unsupported("with crop_to_aspect_ratio, pad_to_aspect_ratio or antialias, which ecdkit does not translate");
        }
        long height = layer.option("height").orElseThrow(() -> layer.unsupported("without its height")).asLong(1, Integer.MAX_VALUE);
        long width = layer.option("width").orElseThrow(() -> layer.unsupported("without its width")).asLong(1, Integer.MAX_VALUE);
        OnnxGraph onnx = graph.onnx();
        String sizes = onnx.resizeSizes(x.value(), layer.name(), height, width);
        OnnxGraph.Node node = onnx.node("Resize", x.value(), "", "", sizes);
        resizeMode(layer, node, layer.text("interpolation", "bilinear").toLowerCase(Locale.ROOT), false);
        return new KerasTensor(node.output(layer.name()), x.rank(), x.permuted());
    }

    private static void resizeMode(LayerConfig layer, OnnxGraph.Node node, String interpolation, boolean repeat) {
        switch (interpolation) {
            case "nearest" -> {
                if (repeat) {
                    node.attr("mode", "nearest").attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor");
                } else {
                    node.attr("mode", "nearest").attr("coordinate_transformation_mode", "half_pixel")
                            .attr("nearest_mode", "round_prefer_ceil");
                }
            }
            case "bilinear" -> node.attr("mode", "linear").attr("coordinate_transformation_mode", "half_pixel");
            default -> throw layer.unsupported("with interpolation \"" + interpolation + "\"; ecdkit translates nearest and bilinear");
        }
    }

    /** An int (all sides), one int per axis (both sides), or a (before, after) pair per axis. */
    private static long[][] beforeAfter(LayerConfig layer, String key, int axes, long otherwise) {
        long[][] result = new long[axes][2];
        JsonCursor value = layer.option(key).orElse(null);
        if (value == null || value.isNumber()) {
            long amount = value == null ? otherwise : value.asLong(0, Integer.MAX_VALUE);
            for (long[] pair : result) {
                pair[0] = amount;
                pair[1] = amount;
            }
            return result;
        }
        List<JsonCursor> elements = value.elements();
        if (axes == 1 && elements.size() == 2 && elements.get(0).isNumber()) {
            result[0][0] = elements.get(0).asLong(0, Integer.MAX_VALUE); // ZeroPadding1D's (left, right)
            result[0][1] = elements.get(1).asLong(0, Integer.MAX_VALUE);
            return result;
        }
        if (elements.size() != axes) {
            throw layer.unsupported("with " + key + " for " + elements.size() + " axes; the input has " + axes);
        }
        for (int i = 0; i < axes; i++) {
            JsonCursor element = elements.get(i);
            if (element.isNumber()) {
                result[i][0] = element.asLong(0, Integer.MAX_VALUE);
                result[i][1] = result[i][0];
            } else {
                List<JsonCursor> pair = element.elements(2, 2);
                result[i][0] = pair.get(0).asLong(0, Integer.MAX_VALUE);
                result[i][1] = pair.get(1).asLong(0, Integer.MAX_VALUE);
            }
        }
        return result;
    }
}
