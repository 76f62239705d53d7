package org.ecdkit.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outputs of an object detector, by the convention they follow, and how its labels map to the
 * definition's classes.
 *
 * <ul>
 * <li>{@link Convention#TF_OBJECT_DETECTION}, the TensorFlow Object Detection API's:
 *     {@code detection_boxes} [N, K, 4] as (ymin, xmin, ymax, xmax) fractions of the input tile,
 *     {@code detection_scores} [N, K], {@code detection_classes} [N, K] as float 1-based class ids
 *     (0 is the background), {@code num_detections} [N] counting the valid rows.</li>
 * <li>{@link Convention#BOXES_SCORES_LABELS}, the common ONNX one: {@code boxes} [N, K, 4] (or
 *     [K, 4]) as (x1, y1, x2, y2) in input pixels, {@code scores} [N, K], {@code labels} (or
 *     {@code classes}) [N, K] as 0-based indexes into the classes.</li>
 * <li>{@link Convention#TORCHVISION}, torchvision's detectors exported to ONNX (Faster R-CNN,
 *     RetinaNet, FCOS, SSD, SSDlite, Mask and Keypoint R-CNN): one unbatched image in, {@code boxes}
 *     [K, 4] as (x1, y1, x2, y2) pixels, {@code labels} [K] where 0 is the background and class
 *     {@code i} of the definition is label {@code i + 1}, {@code scores} [K], and for Mask R-CNN
 *     {@code masks} [K, 1, H, W], each object's probability per pixel of the image.</li>
 * <li>{@link Convention#YOLO_V5}, Ultralytics YOLOv5 and YOLOv7: one output [N, A, 5 + classes], per
 *     candidate box the centre x, centre y, width, height in input pixels, an objectness, then a
 *     score per class; no suppression inside.</li>
 * <li>{@link Convention#YOLO_V8}, Ultralytics YOLOv8 and YOLO11: one output [N, 4 + classes, A], per
 *     candidate the centre and size, then a score per class (no objectness); no suppression inside.</li>
 * </ul>
 *
 * @param convention which one
 * @param boxes      the boxes output's name; for YOLO, the one output's
 * @param scores     the scores output's name (none for YOLO)
 * @param classes    the classes output's name (none for YOLO)
 * @param count      the count output's name, for the TF convention
 * @param masks      the masks output's name, for a torchvision Mask R-CNN
 * @param firstLabel the model's label for the definition's first class: 1 where label 0 is the
 *                   background (TensorFlow, torchvision), 0 where labels index the classes directly
 */
public record DetectionOutputs(Convention convention, String boxes, Optional<String> scores, Optional<String> classes,
        Optional<String> count, Optional<String> masks, int firstLabel) {

    public enum Convention {
        TF_OBJECT_DETECTION("tf-object-detection", 1),
        BOXES_SCORES_LABELS("boxes-scores-labels", 0),
        TORCHVISION("torchvision", 1),
        YOLO_V5("yolo-v5", 0),
        YOLO_V8("yolo-v8", 0);

        private final String id;
        private final int firstLabel;

        Convention(String id, int firstLabel) {
            this.id = id;
            this.firstLabel = firstLabel;
        }

        public String id() {
            return id;
        }

        /** The label of the first class this convention's models use, unless a definition says otherwise. */
        public int defaultFirstLabel() {
            return firstLabel;
        }

        /** One output holding boxes and class scores together, decoded and suppressed by ecdkit. */
        public boolean yolo() {
            return this == YOLO_V5 || this == YOLO_V8;
        }

        /** Fixed values (per box) before the class scores in a YOLO output's candidate vectors. */
        public int yoloLeadingValues() {
            return this == YOLO_V5 ? 5 : 4;
        }

        public static Optional<Convention> byId(String id) {
            return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
        }

        public static String ids() {
            return String.join(", ", Arrays.stream(values()).map(Convention::id).toList());
        }
    }

    public DetectionOutputs {
        if (convention.yolo() != (scores.isEmpty() && classes.isEmpty())) {
            throw new IllegalArgumentException(convention.id() + (convention.yolo()
                    ? " has one output, with boxes and scores" : " needs boxes, scores and classes outputs"));
        }
        if (firstLabel < 0) {
            throw new IllegalArgumentException("a first label of " + firstLabel);
        }
    }

    /** Boxes, scores and classes in three outputs, labels as the convention has them. */
    public static DetectionOutputs of(Convention convention, String boxes, String scores, String classes,
            Optional<String> count) {
        return new DetectionOutputs(convention, boxes, Optional.of(scores), Optional.of(classes), count, Optional.empty(),
                convention.defaultFirstLabel());
    }

    /** A YOLO detector's one output. */
    public static DetectionOutputs yolo(Convention convention, String predictions) {
        return new DetectionOutputs(convention, predictions, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), convention.defaultFirstLabel());
    }

    public DetectionOutputs withMasks(String name) {
        return new DetectionOutputs(convention, boxes, scores, classes, count, Optional.of(name), firstLabel);
    }

    public DetectionOutputs withFirstLabel(int label) {
        return new DetectionOutputs(convention, boxes, scores, classes, count, masks, label);
    }

    /** The outputs to fetch, in the order a runner returns them: boxes, scores, classes, the count, the masks. */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of(boxes));
        scores.ifPresent(names::add);
        classes.ifPresent(names::add);
        count.ifPresent(names::add);
        masks.ifPresent(names::add);
        return names;
    }

    /** Where the count is among {@link #names()}, if fetched. */
    public OptionalInt countIndex() {
        return count.isPresent() ? OptionalInt.of(3) : OptionalInt.empty();
    }

    /** Where the masks are among {@link #names()}, if fetched. */
    public OptionalInt masksIndex() {
        return masks.isPresent() ? OptionalInt.of(names().size() - 1) : OptionalInt.empty();
    }

    /**
     * The model's labels of the definition's {@code classes} classes, as a user reads them:
     * "labels 1 to 3 (0 is the background)".
     */
    public String describeLabels(int classes) {
        String range = classes == 1 ? "label " + firstLabel : "labels " + firstLabel + " to " + (firstLabel + classes - 1);
        return range + (firstLabel > 0 ? " (" + (firstLabel == 1 ? "0 is" : "0 to " + (firstLabel - 1) + " are")
                + " the background)" : "");
    }

    /**
     * For a YOLO convention, how {@code predictions} contradicts a definition of {@code classes}
     * classes, in words ("yolo-v8 output "output0" [1, 8, 8400] holds 8 values per box: 4 + 4 class
     * scores"); empty when it does not, or cannot say (a free axis).
     */
    public Optional<String> yoloMismatch(TensorSpec predictions, int classes) {
        if (!convention.yolo()) {
            return Optional.empty();
        }
        Shape shape = predictions.shape();
        if (!shape.rankKnown() || shape.rank() != 3) {
            return Optional.of(convention.id() + " output \"" + predictions.name() + "\" " + shape + " is not a YOLO output of "
                    + "3 axes ([1, 4 + classes, N] for yolo-v8, [1, N, 5 + classes] for yolo-v5)");
        }
        long values = shape.dim(convention == Convention.YOLO_V8 ? 1 : 2).sizeOrMinusOne();
        int lead = convention.yoloLeadingValues();
        if (values < 0 || values == lead + classes) {
            return Optional.empty();
        }
        return Optional.of(convention.id() + " output \"" + predictions.name() + "\" " + shape + " holds " + values
                + " values per box: " + lead + " + " + (values - lead) + " class scores");
    }

    /**
     * The YOLO layout of a single output [N, 4 or 5 + classes, A] or [N, A, 4 or 5 + classes]: the
     * axis holding fewer values is the per-candidate one (a few classes against thousands of anchors).
     * Empty where the shape says neither.
     */
    public static Optional<Convention> yoloLayout(Shape shape) {
        if (!shape.rankKnown() || shape.rank() != 3) {
            return Optional.empty();
        }
        long a = shape.dim(1).sizeOrMinusOne();
        long b = shape.dim(2).sizeOrMinusOne();
        if (a > 4 && (b < 0 || a < b)) {
            return Optional.of(Convention.YOLO_V8);
        }
        if (b > 5 && (a < 0 || b < a)) {
            return Optional.of(Convention.YOLO_V5);
        }
        return Optional.empty();
    }

    /**
     * The convention {@code signature}'s outputs follow, if one: by the outputs' names, or, for a
     * single output, by Ultralytics' own metadata ({@code task} "detect") and the output's shape.
     * A torchvision detector is told from the plain boxes-scores-labels one by its unbatched image
     * input, which no other exporter produces with those names.
     */
    public static Optional<DetectionOutputs> find(ModelSignature signature) {
        return find(signature, signature.inputs());
    }

    /** The same, with {@code images} the model's image input as settled (its layout decided with the class info). */
    public static Optional<DetectionOutputs> find(ModelSignature signature, List<TensorSpec> images) {
        List<String> names = signature.outputs().stream().map(TensorSpec::name).toList();
        Optional<String> boxes = named(names, "detection_boxes");
        Optional<String> scores = named(names, "detection_scores");
        Optional<String> classes = named(names, "detection_classes");
        if (boxes.isPresent() && scores.isPresent() && classes.isPresent()) {
            return Optional.of(of(Convention.TF_OBJECT_DETECTION, boxes.get(), scores.get(), classes.get(),
                    named(names, "num_detections")));
        }
        boxes = named(names, "boxes");
        scores = named(names, "scores");
        classes = named(names, "labels").or(() -> named(names, "classes"));
        if (boxes.isPresent() && scores.isPresent() && classes.isPresent()) {
            boolean unbatched = images.stream().anyMatch(t -> t.layout().layout() == Layout.CHW
                    || t.layout().layout() == Layout.HWC);
            if (unbatched) {
                DetectionOutputs torchvision = of(Convention.TORCHVISION, boxes.get(), scores.get(), classes.get(),
                        Optional.empty());
                return Optional.of(named(names, "masks").map(torchvision::withMasks).orElse(torchvision));
            }
            return Optional.of(of(Convention.BOXES_SCORES_LABELS, boxes.get(), scores.get(), classes.get(), Optional.empty()));
        }
        String task = signature.properties().getOrDefault("task", "");
        if (signature.outputs().size() == 1 && task.equals("detect")) {
            TensorSpec only = signature.outputs().get(0);
            return yoloLayout(only.shape()).map(c -> yolo(c, only.name()));
        }
        return Optional.empty();
    }

    /** The output called {@code wanted}, case aside, with or without a ":0" tensor index. */
    private static Optional<String> named(List<String> names, String wanted) {
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "").equals(wanted)).findFirst();
    }
}
