package org.ecdkit.raster;

import java.util.Objects;
import java.util.Optional;
import org.ecdkit.raster.tiff.GeoTiffTags;

/**
 * Where a raster lies on the earth: its geotransform and its coordinate reference system, each
 * absent when the source has none. Pipelines use these two alone, so any raster format can feed
 * them. A source read from GeoTIFF also keeps the tags it read them from, so that a GeoTIFF output
 * can carry them over verbatim (every key, whatever the CRS) rather than a re-encoding of it.
 *
 * @param transform   pixel corners to map coordinates, or empty
 * @param crs         the coordinate reference system, or empty
 * @param geoTiffTags the GeoTIFF tags read, when the source is a GeoTIFF that has any
 * @param rpc         the sensor model of an unorthorectified image, carried to outputs, where it has one
 */
public record GeoReference(Optional<GeoTransform> transform, Optional<CoordinateSystem> crs,
        Optional<GeoTiffTags> geoTiffTags, Optional<RpcCoefficients> rpc) {

    public static final GeoReference NONE = new GeoReference(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public GeoReference {
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(crs, "crs");
        Objects.requireNonNull(geoTiffTags, "geoTiffTags");
        Objects.requireNonNull(rpc, "rpc");
    }

    /** A reference without a sensor model. */
    public GeoReference(Optional<GeoTransform> transform, Optional<CoordinateSystem> crs, Optional<GeoTiffTags> geoTiffTags) {
        this(transform, crs, geoTiffTags, Optional.empty());
    }

    /** This reference with {@code coefficients} as its sensor model. */
    public GeoReference withRpc(Optional<RpcCoefficients> coefficients) {
        return new GeoReference(transform, crs, geoTiffTags, coefficients);
    }

    /** A reference from a transform and a CRS, with no format's tags behind it. */
    public static GeoReference of(GeoTransform transform, CoordinateSystem crs) {
        return new GeoReference(Optional.of(transform), Optional.ofNullable(crs), Optional.empty());
    }

    /** The map coordinates of a pixel-corner position (column, row), if the raster is georeferenced. */
    public Optional<double[]> toMap(double column, double row) {
        return transform.map(t -> t.toMap(column, row));
    }

    /** "EPSG:32611", the CRS's name, or "not georeferenced", for plans. */
    public String describe() {
        if (crs.isPresent()) {
            return crs.get().name();
        }
        return transform.isPresent() ? "no CRS" : "not georeferenced";
    }
}
