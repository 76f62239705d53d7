package org.ecdkit.raster;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A coordinate reference system as ecdkit needs it, whatever file it came from: an EPSG code when
 * the raster names one, its kind, a name for people, and its WKT where the source gives it. Sources
 * fill in what their format carries; writers encode what they can (the GeoTIFF writer copies an
 * input's own GeoTIFF tags verbatim when there are any, see {@link GeoReference#geoTiffTags()}).
 *
 * @param epsg the EPSG code, if the source names one
 * @param kind projected, geographic, or not known
 * @param name "EPSG:32611", or the source's citation, or "user-defined"
 * @param wkt  the WKT definition, where the source carries one
 */
public record CoordinateSystem(OptionalInt epsg, Kind kind, String name, Optional<String> wkt) {

    /** What the coordinates measure. */
    public enum Kind {
        /** Easting and northing on a map projection (metres, feet). */
        PROJECTED,
        /** Longitude and latitude (degrees). */
        GEOGRAPHIC,
        UNKNOWN
    }

    public CoordinateSystem {
        Objects.requireNonNull(epsg, "epsg");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wkt, "wkt");
    }

    /** The system an EPSG code names. */
    public static CoordinateSystem epsg(int code, Kind kind) {
        return new CoordinateSystem(OptionalInt.of(code), kind, "EPSG:" + code, Optional.empty());
    }

    @Override
    public String toString() {
        return name;
    }
}
