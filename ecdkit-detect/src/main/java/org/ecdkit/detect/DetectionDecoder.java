package org.ecdkit.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.DetectionOutputs.Convention;
import org.ecdkit.inference.pipeline.ModelOutputs;
import org.ecdkit.raster.Window;
import org.locationtech.jts.geom.Geometry;

/**
 * Reads one batch item's detections out of a detector's outputs, in the pixels of the tile the
 * model saw, by the outputs' {@link DetectionOutputs convention}: the TensorFlow Object Detection
 * API's fractions (ymin, xmin, ymax, xmax) and 1-based float class ids; pixel corners (x1, y1, x2,
 * y2) and labels from the ONNX and torchvision detectors, with torchvision's instance masks turned
 * into outlines; YOLO's candidate vectors (centre, size, objectness for v5, a score per class),
 * decoded to the best class of each candidate. Labels become class indexes by the definition's
 * first label. A batch-less output ([K, 4]) is one item.
 *
 * <p>A detector that breaks its convention stops the run, since its boxes cannot be trusted: a
 * coordinate or score that is not a number (exit 7, the runtime's result), a label beyond the
 * definition's classes (exit 5, model and definition disagree), masks or YOLO vectors of another
 * size than the convention and the definition give (exit 3).
 */
final class DetectionDecoder {

    private final DetectionOutputs outputs;
    private final int tileWidth;
    private final int tileHeight;
    private final int classes;
    private final double threshold;
    private final double simplify;
    private final Place model;

    /**
     * @param classes   the definition's class count
     * @param threshold the lowest score kept: YOLO's thousands of candidates and masks below it are
     *                  not decoded at all
     * @param simplify  the tolerance, in pixels, of masks' outlines (0: pixel edges)
     * @param model     the model, for messages
     */
    DetectionDecoder(DetectionOutputs outputs, int tileWidth, int tileHeight, int classes, double threshold, double simplify,
            Place model) {
        this.outputs = outputs;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.classes = classes;
        this.threshold = threshold;
        this.simplify = simplify;
        this.model = model;
    }

    /**
     * @param results the runner's outputs, in {@link DetectionOutputs#names()} order
     * @param slot    the batch item
     * @param window  the image window the tile covers, for where in the image a problem is
     */
    List<Detection> decode(ModelOutputs results, int slot, Window window) {
        return outputs.convention().yolo() ? yolo(results, slot, window) : boxes(results, slot, window);
    }

    private List<Detection> boxes(ModelOutputs results, int slot, Window window) {
        long[] boxShape = results.shape(0);
        boolean batched = boxShape.length == 3;
        if (boxShape.length < 2 || boxShape.length > 3 || boxShape[boxShape.length - 1] != 4) {
            throw invalid(outputs.boxes(), "boxes of shape " + Arrays.toString(boxShape) + ", not [K, 4] or [N, K, 4]");
        }
        int k = (int) (batched ? boxShape[1] : boxShape[0]);
        float[] boxes = results.values(0);
        float[] scores = results.values(1);
        float[] labels = results.values(2);
        int base = batched ? slot * k : 0;
        if (scores.length < base + k || labels.length < base + k) {
            throw invalid(outputs.scores().orElseThrow(), k + " boxes but " + scores.length + " scores and " + labels.length
                    + " labels");
        }
        int valid = k;
        if (outputs.countIndex().isPresent()) {
            float count = results.values(outputs.countIndex().getAsInt())[batched ? slot : 0];
            valid = Float.isFinite(count) ? Math.min(k, Math.max(0, (int) count)) : 0;
        }
        if (outputs.masksIndex().isPresent() && batched && boxShape[0] != 1) {
            // Torchvision's masks are one image's: [K, 1, H, W] has no room for a batch.
            throw invalid(outputs.masks().orElseThrow(), "masks with boxes of shape " + Arrays.toString(boxShape)
                    + ": masks are read for one image at a time, a batch of 1");
        }
        MaskPlanes masks = outputs.masksIndex().isPresent() ? masks(results, k) : null;
        boolean fractions = outputs.convention() == Convention.TF_OBJECT_DETECTION;
        List<Detection> detections = new ArrayList<>(valid);
        for (int i = 0; i < valid; i++) {
            int at = 4 * (base + i);
            float a = boxes[at];
            float b = boxes[at + 1];
            float c = boxes[at + 2];
            float d = boxes[at + 3];
            double score = scores[base + i];
            if (!Float.isFinite(a) || !Float.isFinite(b) || !Float.isFinite(c) || !Float.isFinite(d) || !Double.isFinite(score)) {
                throw notFinite(window, a, b, c, d, score);
            }
            int classIndex = classIndex(labels[base + i], window);
            Detection box = fractions
                    ? new Detection(b * tileWidth, a * tileHeight, d * tileWidth, c * tileHeight, classIndex, score)
                    : new Detection(a, b, c, d, classIndex, score);
            if (masks != null && score >= threshold) {
                Geometry outline = MaskOutline.of(masks.values, i * masks.plane, tileWidth, window.width(), window.height(),
                        simplify);
                box = new Detection(box.x1(), box.y1(), box.x2(), box.y2(), classIndex, score,
                        outline.isEmpty() ? Optional.empty() : Optional.of(outline));
            }
            detections.add(box);
        }
        return detections;
    }

    private record MaskPlanes(float[] values, int plane) {
    }

    /** Torchvision's masks: [K, 1, H, W], one plane per box, as large as the image the model was given. */
    private MaskPlanes masks(ModelOutputs results, int k) {
        int index = outputs.masksIndex().getAsInt();
        long[] shape = results.shape(index);
        boolean fits = shape.length == 4 && shape[0] == k && shape[1] == 1 && shape[2] == tileHeight && shape[3] == tileWidth;
        if (!fits) {
            throw invalid(outputs.masks().orElseThrow(), "masks of shape " + Arrays.toString(shape) + " for " + k
                    + " boxes on tiles of " + tileWidth + " x " + tileHeight + "; torchvision's are [" + k + ", 1, "
                    + tileHeight + ", " + tileWidth + "]");
        }
        return new MaskPlanes(results.values(index), tileWidth * tileHeight);
    }

    private List<Detection> yolo(ModelOutputs results, int slot, Window window) {
        long[] shape = results.shape(0);
        boolean batched = shape.length == 3;
        if (shape.length < 2 || shape.length > 3) {
            throw invalid(outputs.boxes(), "a YOLO output of shape " + Arrays.toString(shape) + ", not 3 axes");
        }
        boolean v8 = outputs.convention() == Convention.YOLO_V8;
        int first = (int) shape[batched ? 1 : 0];
        int second = (int) shape[batched ? 2 : 1];
        int values = v8 ? first : second;
        int candidates = v8 ? second : first;
        int lead = outputs.convention().yoloLeadingValues();
        if (values != lead + classes) {
            throw new MismatchException(List.of(model + ": " + outputs.convention().id() + " output \"" + outputs.boxes()
                    + "\" " + Arrays.toString(shape) + " holds " + values + " values per box, but " + lead + " + the definition's "
                    + classes + " classes make " + (lead + classes)));
        }
        float[] data = results.values(0);
        int base = batched ? slot * values * candidates : 0;
        // v8: [values, candidates], each value a row; v5: [candidates, values], each candidate a row.
        int valueStep = v8 ? candidates : 1;
        int candidateStep = v8 ? 1 : values;
        List<Detection> detections = new ArrayList<>();
        for (int a = 0; a < candidates; a++) {
            int at = base + a * candidateStep;
            float objectness = v8 ? 1 : data[at + 4 * valueStep];
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                float score = data[at + (lead + c) * valueStep];
                if (Float.isNaN(score)) {
                    bestScore = Float.NaN;
                    break;
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            double score = (double) objectness * bestScore;
            if (score < threshold) {
                continue;
            }
            float cx = data[at];
            float cy = data[at + valueStep];
            float w = data[at + 2 * valueStep];
            float h = data[at + 3 * valueStep];
            if (!Float.isFinite(cx) || !Float.isFinite(cy) || !Float.isFinite(w) || !Float.isFinite(h) || !Double.isFinite(score)) {
                throw notFinite(window, cx, cy, w, h, score);
            }
            detections.add(new Detection(cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0, best, score));
        }
        return detections;
    }

    /**
     * The class index of a label. No convention returns its background label, so a label outside the
     * definition's range means the two disagree: the definition lists fewer classes than the model
     * knows, or the model's labels start elsewhere (torchvision's RetinaNet and FCOS count from 0,
     * its R-CNNs and SSDs from 1).
     */
    private int classIndex(float label, Window window) {
        if (!Float.isFinite(label)) {
            throw notFinite(window, label, 0, 0, 0, 0);
        }
        long index = Math.round(label) - (long) outputs.firstLabel();
        if (index < 0 || index >= classes) {
            throw new MismatchException(List.of(model + ": the detector returned label " + Math.round(label)
                    + " (tile at column " + window.x() + ", row " + window.y() + ") but the definition's " + classes
                    + " classes are its " + outputs.describeLabels(classes) + "; "
                    + (index < 0 ? "set DetectionOutputs.FirstLabel to the model's first label (0 for a model without a "
                            + "background class)" : "list every class the detector knows in the class info, or set "
                            + "DetectionOutputs.FirstLabel")));
        }
        return (int) index;
    }

    private RuntimeFailureException notFinite(Window window, double a, double b, double c, double d, double score) {
        return new RuntimeFailureException(model, "the detector returned a box or score that is not a number (" + a + ", "
                + b + ", " + c + ", " + d + ", score " + score + ") for the tile at column " + window.x() + ", row "
                + window.y() + "; its outputs cannot be used (is the imagery scaled as the model expects? see DataRange)",
                null);
    }

    private InvalidInputException invalid(String output, String problem) {
        return new InvalidInputException(model.locate("output \"" + output + "\""), problem + " (" + outputs.convention().id()
                + " convention)");
    }
}
