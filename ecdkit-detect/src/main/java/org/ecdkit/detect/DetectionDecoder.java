package org.ecdkit.detect;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.inference.pipeline.ModelOutputs;
import org.ecdkit.runtime.Tensor;

/**
 * Reads one batch item's detections out of a detector's outputs, in the pixels of the tile the
 * model saw. Boxes, scores and classes follow {@link DetectionOutputs}' conventions: the TensorFlow
 * Object Detection API's fractions (ymin, xmin, ymax, xmax) and 1-based class ids, or the common
 * ONNX pixels (x1, y1, x2, y2) and 0-based labels; a batch-less [K, 4] output is one item.
 */
final class DetectionDecoder {

    private final DetectionOutputs outputs;
    private final int tileWidth;
    private final int tileHeight;

    DetectionDecoder(DetectionOutputs outputs, int tileWidth, int tileHeight) {
        this.outputs = outputs;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
    }

    /**
     * @param results the runner's outputs, in {@link DetectionOutputs#names()} order
     * @param slot    the batch item
     */
    List<Detection> decode(ModelOutputs results, int slot) {
        Tensor boxes = results.tensor(0);
        Tensor scores = results.tensor(1);
        Tensor classes = results.tensor(2);
        boolean batched = boxes.rank() == 3;
        int k = (int) (batched ? boxes.dim(1) : boxes.dim(0));
        if (boxes.dim(boxes.rank() - 1) != 4) {
            throw new IllegalArgumentException("boxes of shape " + java.util.Arrays.toString(boxes.shape()) + " do not end in 4");
        }
        int valid = k;
        if (outputs.convention() == DetectionOutputs.Convention.TF_OBJECT_DETECTION && results.count() > 3) {
            float count = results.tensor(3).data().get(batched ? slot : 0);
            valid = Float.isFinite(count) ? Math.min(k, Math.max(0, (int) count)) : 0;
        }
        int boxBase = batched ? slot * k * 4 : 0;
        int base = batched ? slot * k : 0;
        List<Detection> detections = new ArrayList<>(valid);
        for (int i = 0; i < valid; i++) {
            float a = boxes.data().get(boxBase + 4 * i);
            float b = boxes.data().get(boxBase + 4 * i + 1);
            float c = boxes.data().get(boxBase + 4 * i + 2);
            float d = boxes.data().get(boxBase + 4 * i + 3);
            double score = scores.data().get(base + i);
            double label = classes.data().get(base + i);
            if (outputs.convention() == DetectionOutputs.Convention.TF_OBJECT_DETECTION) {
                detections.add(new Detection(b * tileWidth, a * tileHeight, d * tileWidth, c * tileHeight,
                        (int) Math.round(label) - 1, score));
            } else {
                detections.add(new Detection(a, b, c, d, (int) Math.round(label), score));
            }
        }
        return detections;
    }
}
