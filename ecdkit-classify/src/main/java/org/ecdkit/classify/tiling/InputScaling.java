package org.ecdkit.classify.tiling;

/**
 * The linear map applied to every input value before the model sees it: {@code scale * v + offset}.
 * Identity unless the definition has a {@code DataRange}, which maps the input type's range onto it.
 */
public record InputScaling(float scale, float offset) {

    public static final InputScaling IDENTITY = new InputScaling(1, 0);

    /** Maps [fromMin, fromMax] onto [toMin, toMax]. */
    public static InputScaling between(double fromMin, double fromMax, double toMin, double toMax) {
        double scale = (toMax - toMin) / (fromMax - fromMin);
        return new InputScaling((float) scale, (float) (toMin - fromMin * scale));
    }

    public boolean isIdentity() {
        return scale == 1 && offset == 0;
    }
}
