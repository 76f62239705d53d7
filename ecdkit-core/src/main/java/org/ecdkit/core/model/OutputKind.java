package org.ecdkit.core.model;

/**
 * What a model's output means for pixel classification, which decides how its values become class
 * values (see the classify pipeline).
 */
public enum OutputKind {
    /** One score per class per pixel; the class is the highest-scoring channel. */
    CLASS_SCORES("ClassScores", "a score per class per pixel"),
    /** The class index of each pixel, already decided by the model (an ArgMax output). */
    CLASS_INDEX("ClassIndex", "a class index per pixel"),
    /** One score per pixel for two classes: index 1 where the score is at least 0.5, else 0. */
    SINGLE_SCORE("SingleScore", "one score per pixel (two classes, threshold 0.5)"),
    /** One score vector per tile: whole-tile classification, not per pixel. */
    TILE_SCORES("TileScores", "a score per class per tile"),
    /** Boxes with classes and scores, from an object detector (see {@link DetectionOutputs}). */
    DETECTIONS("Detections", "boxes with classes and scores"),
    /** Not a classification output ecdkit understands. */
    OTHER("Other", "not a classification output");

    private final String jsonName;
    private final String description;

    OutputKind(String jsonName, String description) {
        this.jsonName = jsonName;
        this.description = description;
    }

    /** The name written in definitions ("ClassScores"). */
    public String jsonName() {
        return jsonName;
    }

    public String description() {
        return description;
    }

    public static java.util.Optional<OutputKind> byJsonName(String name) {
        return java.util.Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
    }

    /** Reads the kind from an output's layout, channel count and element type. */
    public static OutputKind of(TensorSpec output) {
        Layout layout = output.layout().layout();
        switch (layout) {
            case NCHW, NHWC, CHW, HWC -> {
                long channels = output.channels();
                if (channels == 1) {
                    return output.type().isInteger() ? CLASS_INDEX : SINGLE_SCORE;
                }
                return CLASS_SCORES;
            }
            case NHW, HW -> {
                return output.type().isFloatingPoint() ? SINGLE_SCORE : CLASS_INDEX;
            }
            case NC, C -> {
                return TILE_SCORES;
            }
            default -> {
                return OTHER;
            }
        }
    }

    /**
     * As {@link #of(TensorSpec)}, knowing the image input: an output whose grid is larger than the
     * image's is no map of its pixels (a detector's anchor list), so it is {@link #OTHER}.
     */
    public static OutputKind of(TensorSpec output, TensorSpec image) {
        OutputKind kind = of(output);
        return kind.isPixelwise() && OutputGrid.largerThanInput(image, output) ? OTHER : kind;
    }

    /** Whether ecdkit can turn this output into a classified raster. */
    public boolean isPixelwise() {
        return this == CLASS_SCORES || this == CLASS_INDEX || this == SINGLE_SCORE;
    }
}
