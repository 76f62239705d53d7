package org.ecdkit.inference.tiling;

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

    /**
     * The scaling a definition asks of a source: its DataRange maps the source type's range onto
     * [min, max]; floating-point sources and definitions without a DataRange are fed as they are.
     */
    public static InputScaling forDefinition(org.ecdkit.format.definition.ClassifierDefinition definition,
            org.ecdkit.raster.RasterSource source) {
        if (definition.settings().dataRange().isEmpty() || source.sampleType().isFloatingPoint()) {
            return IDENTITY;
        }
        var range = definition.settings().dataRange().get();
        return between(source.sampleType().min(), source.sampleType().max(), range.min(), range.max());
    }
}
