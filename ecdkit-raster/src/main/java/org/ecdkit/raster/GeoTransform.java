package org.ecdkit.raster;

/**
 * The affine map from pixel corners (column, row) to map coordinates, in GDAL's order: the map
 * position of the image's top-left corner, and how one column and one row step move it.
 *
 * @param originX        map x of the top-left corner of pixel (0, 0)
 * @param pixelWidth     map x per column
 * @param rowRotation    map x per row (0 for north-up images)
 * @param originY        map y of the top-left corner
 * @param columnRotation map y per column (0 for north-up images)
 * @param pixelHeight    map y per row (negative for north-up images)
 */
public record GeoTransform(double originX, double pixelWidth, double rowRotation, double originY, double columnRotation,
        double pixelHeight) {

    /** From GDAL's six coefficients. */
    public static GeoTransform of(double[] gdalOrder) {
        if (gdalOrder.length != 6) {
            throw new IllegalArgumentException("a geotransform has 6 coefficients, not " + gdalOrder.length);
        }
        return new GeoTransform(gdalOrder[0], gdalOrder[1], gdalOrder[2], gdalOrder[3], gdalOrder[4], gdalOrder[5]);
    }

    /** GDAL's six coefficients, in a new array. */
    public double[] coefficients() {
        return new double[] {originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight};
    }

    /** The map coordinates of the pixel-corner position (column, row); fractions address inside pixels. */
    public double[] toMap(double column, double row) {
        return new double[] {originX + column * pixelWidth + row * rowRotation, originY + column * columnRotation + row * pixelHeight};
    }

    /** Whether rows run along map x and columns along map y without rotation or shear. */
    public boolean isNorthUp() {
        return rowRotation == 0 && columnRotation == 0;
    }
}
