package org.ecdkit.raster;

import java.util.Optional;

/**
 * Where a raster lies on the earth: its affine geotransform (GDAL's order: origin x, pixel width,
 * row rotation, origin y, column rotation, pixel height) and its coordinate reference system, as
 * the GeoTIFF tags that carry them. Outputs copy the tags verbatim, so the CRS survives exactly as
 * the input had it, whatever it is.
 *
 * @param geoTransform the six coefficients, or empty when the raster has none
 * @param crs          the GeoTIFF keys and their parameters, or empty
 */
public record GeoReference(Optional<double[]> geoTransform, Optional<GeoTiffKeys> crs) {

    public static final GeoReference NONE = new GeoReference(Optional.empty(), Optional.empty());

    /** The map coordinates of a pixel corner (column, row), if the raster is georeferenced. */
    public Optional<double[]> toMap(double column, double row) {
        return geoTransform.map(t -> new double[] {t[0] + column * t[1] + row * t[2], t[3] + column * t[4] + row * t[5]});
    }

    /**
     * The raw GeoTIFF tags that define the georeferencing: ModelPixelScale, ModelTiepoint,
     * ModelTransformation, GeoKeyDirectory, GeoDoubleParams, GeoAsciiParams.
     *
     * @param pixelScale     tag 33550, or null
     * @param tiepoints      tag 33922, or null
     * @param transformation tag 34264, or null
     * @param keyDirectory   tag 34735 (unsigned shorts), or null
     * @param doubleParams   tag 34736, or null
     * @param asciiParams    tag 34737, or null
     */
    public record GeoTiffKeys(double[] pixelScale, double[] tiepoints, double[] transformation, int[] keyDirectory,
            double[] doubleParams, String asciiParams) {

        /** The EPSG code of the projected (ProjectedCSTypeGeoKey) or geographic (GeographicTypeGeoKey) CRS, if coded. */
        public java.util.OptionalInt epsg() {
            if (keyDirectory == null || keyDirectory.length < 4) {
                return java.util.OptionalInt.empty();
            }
            int keys = keyDirectory[3];
            int geographic = -1;
            for (int i = 0; i < keys && 4 + 4 * i + 3 < keyDirectory.length; i++) {
                int id = keyDirectory[4 + 4 * i];
                int location = keyDirectory[4 + 4 * i + 1];
                int value = keyDirectory[4 + 4 * i + 3];
                if (location == 0 && value > 0 && value < 32767) {
                    if (id == 3072) {
                        return java.util.OptionalInt.of(value);
                    }
                    if (id == 2048) {
                        geographic = value;
                    }
                }
            }
            return geographic > 0 ? java.util.OptionalInt.of(geographic) : java.util.OptionalInt.empty();
        }

        /** "EPSG:26911", or the citation, or "unknown", for plans and summaries. */
        public String describe() {
            if (keyDirectory == null || keyDirectory.length < 4) {
                return "unknown";
            }
            int keys = keyDirectory[3];
            String citation = null;
            for (int i = 0; i < keys && 4 + 4 * i + 3 < keyDirectory.length; i++) {
                int id = keyDirectory[4 + 4 * i];
                int location = keyDirectory[4 + 4 * i + 1];
                int value = keyDirectory[4 + 4 * i + 3];
                if ((id == 3072 || id == 2048) && location == 0 && value > 0 && value < 32767) {
                    return "EPSG:" + value;
                }
                if ((id == 1026 || id == 3073 || id == 2049) && location == 34737 && asciiParams != null) {
                    int count = keyDirectory[4 + 4 * i + 2];
                    int end = Math.min(asciiParams.length(), value + count);
                    if (value >= 0 && value < end) {
                        citation = asciiParams.substring(value, end).replace("|", " ").trim();
                    }
                }
            }
            return citation != null && !citation.isEmpty() ? citation : "user-defined";
        }
    }
}
