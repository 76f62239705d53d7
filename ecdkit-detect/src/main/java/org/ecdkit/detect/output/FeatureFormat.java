package org.ecdkit.detect.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How detections are written. */
public enum FeatureFormat {
    /** A GeoJSON FeatureCollection, its CRS named in a "crs" member as GDAL and QGIS read it. */
    GEOJSON("geojson"),
    /** An Esri JSON feature set (ArcGIS REST's), its CRS as a spatialReference wkid. */
    ESRI_JSON("esrijson");

    private final String id;

    FeatureFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<FeatureFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }
}
