package org.ecdkit.raster.tiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoTransform;

/**
 * The six GeoTIFF tags that place a raster on the earth, as read from a file (GeoTIFF 1.1, OGC
 * 19-008r4): the raster-to-model tags (ModelPixelScale, ModelTiepoint, ModelTransformation) and the
 * key directory with its double and ASCII parameters. Each array is copied in and out, so a value
 * read from one file cannot be changed by whoever holds it.
 *
 * @param pixelScale     tag 33550, or null
 * @param tiepoints      tag 33922, or null
 * @param transformation tag 34264, or null
 * @param keyDirectory   tag 34735 (unsigned shorts), or null
 * @param doubleParams   tag 34736, or null
 * @param asciiParams    tag 34737, or null
 */
public record GeoTiffTags(double[] pixelScale, double[] tiepoints, double[] transformation, int[] keyDirectory,
        double[] doubleParams, String asciiParams) {

    static final int GT_MODEL_TYPE = 1024;
    static final int GT_RASTER_TYPE = 1025;
    static final int RASTER_PIXEL_IS_POINT = 2;
    static final int GT_CITATION = 1026;
    static final int GEOGRAPHIC_TYPE = 2048;
    static final int GEOG_CITATION = 2049;
    static final int PROJECTED_CS_TYPE = 3072;
    static final int PCS_CITATION = 3073;
    private static final int MODEL_TYPE_PROJECTED = 1;
    private static final int MODEL_TYPE_GEOGRAPHIC = 2;
    private static final int RASTER_PIXEL_IS_AREA = 1;

    public GeoTiffTags {
        pixelScale = copy(pixelScale);
        tiepoints = copy(tiepoints);
        transformation = copy(transformation);
        keyDirectory = keyDirectory == null ? null : keyDirectory.clone();
        doubleParams = copy(doubleParams);
    }

    @Override
    public double[] pixelScale() {
        return copy(pixelScale);
    }

    @Override
    public double[] tiepoints() {
        return copy(tiepoints);
    }

    @Override
    public double[] transformation() {
        return copy(transformation);
    }

    @Override
    public int[] keyDirectory() {
        return keyDirectory == null ? null : keyDirectory.clone();
    }

    @Override
    public double[] doubleParams() {
        return copy(doubleParams);
    }

    private static double[] copy(double[] values) {
        return values == null ? null : values.clone();
    }

    /**
     * The tags that encode {@code transform} and an EPSG-coded {@code crs}, for rasters whose
     * reference did not come from GeoTIFF: scale and tiepoint for north-up images, else the full
     * transformation; a key directory naming the EPSG code, or none without one.
     */
    public static GeoTiffTags encode(GeoTransform transform, Optional<CoordinateSystem> crs) {
        double[] scale = null;
        double[] tiepoints = null;
        double[] matrix = null;
        if (transform.isNorthUp()) {
            scale = new double[] {transform.pixelWidth(), -transform.pixelHeight(), 0};
            tiepoints = new double[] {0, 0, 0, transform.originX(), transform.originY(), 0};
        } else {
            matrix = new double[] {transform.pixelWidth(), transform.rowRotation(), 0, transform.originX(),
                transform.columnRotation(), transform.pixelHeight(), 0, transform.originY(), 0, 0, 0, 0, 0, 0, 0, 1};
        }
        int[] keys = null;
        OptionalInt epsg = crs.map(CoordinateSystem::epsg).orElse(OptionalInt.empty());
        CoordinateSystem.Kind kind = crs.map(CoordinateSystem::kind).orElse(CoordinateSystem.Kind.UNKNOWN);
        if (epsg.isPresent() && kind != CoordinateSystem.Kind.UNKNOWN) {
            boolean projected = kind == CoordinateSystem.Kind.PROJECTED;
            keys = new int[] {1, 1, 0, 3,
                GT_MODEL_TYPE, 0, 1, projected ? MODEL_TYPE_PROJECTED : MODEL_TYPE_GEOGRAPHIC,
                GT_RASTER_TYPE, 0, 1, RASTER_PIXEL_IS_AREA,
                projected ? PROJECTED_CS_TYPE : GEOGRAPHIC_TYPE, 0, 1, epsg.getAsInt()};
        }
        return new GeoTiffTags(scale, tiepoints, matrix, keys, null, null);
    }

    /**
     * These tags with the raster placed by {@code corner} (a transform to pixel (0, 0)'s corner) instead:
     * the same coordinate system, keys and parameters, for a raster cut from or mosaicked around this
     * one. A PixelIsPoint raster's tags keep placing the pixel's centre.
     */
    public GeoTiffTags movedTo(GeoTransform corner) {
        GeoTransform t = corner;
        if (shortKey(GT_RASTER_TYPE).orElse(RASTER_PIXEL_IS_AREA) == RASTER_PIXEL_IS_POINT) {
            t = new GeoTransform(t.originX() + 0.5 * (t.pixelWidth() + t.rowRotation()), t.pixelWidth(), t.rowRotation(),
                    t.originY() + 0.5 * (t.columnRotation() + t.pixelHeight()), t.columnRotation(), t.pixelHeight());
        }
        GeoTiffTags placed = encode(t, Optional.empty());
        return new GeoTiffTags(placed.pixelScale, placed.tiepoints, placed.transformation, keyDirectory, doubleParams, asciiParams);
    }

    /**
     * The geotransform the raster-to-model tags give, if they give one GDAL would use: to the corner
     * of pixel (0, 0). In a PixelIsPoint raster (GTRasterTypeGeoKey 2, GDAL's AREA_OR_POINT=Point)
     * the tags place the pixel's centre there, so the transform moves half a pixel back, as GDAL does.
     */
    public Optional<GeoTransform> transform() {
        Optional<GeoTransform> tagged = taggedTransform();
        if (tagged.isEmpty() || shortKey(GT_RASTER_TYPE).orElse(RASTER_PIXEL_IS_AREA) != RASTER_PIXEL_IS_POINT) {
            return tagged;
        }
        GeoTransform t = tagged.get();
        return Optional.of(new GeoTransform(t.originX() - 0.5 * (t.pixelWidth() + t.rowRotation()), t.pixelWidth(),
                t.rowRotation(), t.originY() - 0.5 * (t.columnRotation() + t.pixelHeight()), t.columnRotation(), t.pixelHeight()));
    }

    private Optional<GeoTransform> taggedTransform() {
        if (transformation != null && transformation.length == 16) {
            return Optional.of(new GeoTransform(transformation[3], transformation[0], transformation[1], transformation[7],
                    transformation[4], transformation[5]));
        }
        if (tiepoints != null && tiepoints.length >= 6 && pixelScale != null && pixelScale.length >= 2) {
            return Optional.of(new GeoTransform(tiepoints[3] - tiepoints[0] * pixelScale[0], pixelScale[0], 0,
                    tiepoints[4] + tiepoints[1] * pixelScale[1], 0, -pixelScale[1]));
        }
        return Optional.empty();
    }

    /** The coordinate system the key directory describes, if it has keys. */
    public Optional<CoordinateSystem> coordinateSystem() {
        if (keyDirectory == null || keyDirectory.length < 4) {
            return Optional.empty();
        }
        OptionalInt projected = shortKey(PROJECTED_CS_TYPE);
        OptionalInt geographic = shortKey(GEOGRAPHIC_TYPE);
        OptionalInt modelType = shortKey(GT_MODEL_TYPE);
        CoordinateSystem.Kind kind = projected.isPresent() || modelType.orElse(0) == MODEL_TYPE_PROJECTED
                ? CoordinateSystem.Kind.PROJECTED
                : geographic.isPresent() || modelType.orElse(0) == MODEL_TYPE_GEOGRAPHIC ? CoordinateSystem.Kind.GEOGRAPHIC
                : CoordinateSystem.Kind.UNKNOWN;
        OptionalInt epsg = kind == CoordinateSystem.Kind.PROJECTED && projected.isPresent() ? projected
                : geographic.isPresent() && projected.isEmpty() ? geographic : OptionalInt.empty();
        String name = epsg.isPresent() ? "EPSG:" + epsg.getAsInt() : citation().orElse("user-defined");
        return Optional.of(new CoordinateSystem(epsg, kind, name, Optional.empty()));
    }

    /** A key's value stored in the directory itself, when it is an EPSG-range code (1 to 32766). */
    private OptionalInt shortKey(int id) {
        for (Key key : keys()) {
            if (key.id == id && key.location == 0 && key.value > 0 && key.value < 32767) {
                return OptionalInt.of(key.value);
            }
        }
        return OptionalInt.empty();
    }

    private Optional<String> citation() {
        for (int id : new int[] {PCS_CITATION, GT_CITATION, GEOG_CITATION}) {
            for (Key key : keys()) {
                if (key.id == id && key.location == 34737 && asciiParams != null) {
                    int end = Math.min(asciiParams.length(), key.value + key.count);
                    if (key.value >= 0 && key.value < end) {
                        String text = asciiParams.substring(key.value, end).replace("|", " ").trim();
                        if (!text.isEmpty()) {
                            return Optional.of(text);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private record Key(int id, int location, int count, int value) {
    }

    private List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        int declared = keyDirectory[3];
        for (int i = 0; i < declared && 4 + 4 * i + 3 < keyDirectory.length; i++) {
            int at = 4 + 4 * i;
            keys.add(new Key(keyDirectory[at], keyDirectory[at + 1], keyDirectory[at + 2], keyDirectory[at + 3]));
        }
        return keys;
    }
}
