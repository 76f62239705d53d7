package org.ecdkit.detect.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How detections are written. */
public enum FeatureFormat {
    /** A GeoJSON FeatureCollection, its CRS named in a "crs" member as GDAL and QGIS read it. */
    GEOJSON("geojson", "GeoJSON", "geojson"),
    /** An Esri JSON feature set (ArcGIS REST's), its CRS as a spatialReference wkid. */
    ESRI_JSON("esrijson", "Esri JSON", "json"),
    /** An OGC GeoPackage (SQLite) with one feature table, what ArcGIS and QGIS users exchange. */
    GEOPACKAGE("gpkg", "GeoPackage", "gpkg");

    private final String id;
    private final String title;
    private final String extension;

    FeatureFormat(String id, String title, String extension) {
        this.id = id;
        this.title = title;
        this.extension = extension;
    }

    public String id() {
        return id;
    }

    /** The format's name as people write it. */
    public String title() {
        return title;
    }

    public static Optional<FeatureFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    /**
     * The format an output's name asks for: {@code .gpkg} a GeoPackage, {@code .geojson} GeoJSON;
     * {@code .json} is either JSON and says nothing.
     */
    public static Optional<FeatureFormat> byFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gpkg")) {
            return Optional.of(GEOPACKAGE);
        }
        return lower.endsWith(".geojson") ? Optional.of(GEOJSON) : Optional.empty();
    }

    /** The file extension this format's files carry. */
    public String extension() {
        return extension;
    }
}
