package org.ecdkit.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outputs of an object detector, by the convention they follow.
 *
 * <ul>
 * <li>{@link Convention#TF_OBJECT_DETECTION}, the TensorFlow Object Detection API's:
 *     {@code detection_boxes} [N, K, 4] as (ymin, xmin, ymax, xmax) fractions of the input tile,
 *     {@code detection_scores} [N, K], {@code detection_classes} [N, K] as 1-based class ids (0 is
 *     the background), {@code num_detections} [N] counting the valid rows.</li>
 * <li>{@link Convention#BOXES_SCORES_LABELS}, the common ONNX one: {@code boxes} [N, K, 4] (or
 *     [K, 4]) as (x1, y1, x2, y2) in input pixels, {@code scores} [N, K], {@code labels} (or
 *     {@code classes}) [N, K] as 0-based indexes into the classes.</li>
 * </ul>
 *
 * @param convention which one
 * @param boxes      the boxes output's name
 * @param scores     the scores output's name
 * @param classes    the classes output's name
 * @param count      the count output's name, for the TF convention
 */
public record DetectionOutputs(Convention convention, String boxes, String scores, String classes, Optional<String> count) {

    public enum Convention {
        TF_OBJECT_DETECTION("tf-object-detection"),
        BOXES_SCORES_LABELS("boxes-scores-labels");

        private final String id;

        Convention(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Convention> byId(String id) {
            return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
        }
    }

    /** The outputs to fetch, in the order a runner returns them: boxes, scores, classes, then the count. */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of(boxes, scores, classes));
        count.ifPresent(names::add);
        return names;
    }

    /** The convention {@code signature}'s output names follow, if one. */
    public static Optional<DetectionOutputs> find(ModelSignature signature) {
        List<String> names = signature.outputs().stream().map(TensorSpec::name).toList();
        Optional<String> boxes = named(names, "detection_boxes");
        Optional<String> scores = named(names, "detection_scores");
        Optional<String> classes = named(names, "detection_classes");
        if (boxes.isPresent() && scores.isPresent() && classes.isPresent()) {
            return Optional.of(new DetectionOutputs(Convention.TF_OBJECT_DETECTION, boxes.get(), scores.get(), classes.get(),
                    named(names, "num_detections")));
        }
        boxes = named(names, "boxes");
        scores = named(names, "scores");
        classes = named(names, "labels").or(() -> named(names, "classes"));
        if (boxes.isPresent() && scores.isPresent() && classes.isPresent()) {
            return Optional.of(new DetectionOutputs(Convention.BOXES_SCORES_LABELS, boxes.get(), scores.get(), classes.get(),
                    Optional.empty()));
        }
        return Optional.empty();
    }

    /** The output called {@code wanted}, case aside, with or without a ":0" tensor index. */
    private static Optional<String> named(List<String> names, String wanted) {
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "").equals(wanted)).findFirst();
    }
}
