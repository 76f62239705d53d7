package org.ecdkit.detect.output;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.json.JsonWriter;

/**
 * Writes detected features as GeoJSON, Esri JSON or a GeoPackage, atomically. GeoJSON names the
 * raster's CRS in the (2008 specification's) {@code crs} member, which GDAL and QGIS honour, since
 * RFC 7946 allows only WGS 84 and reprojecting boxes would bend them; Esri JSON gives it as a
 * {@code spatialReference}; a GeoPackage records it in its spatial reference table.
 */
public final class FeatureWriter {

    /** Steps per unit kept of a coordinate or confidence: sub-millimetre in metres, about 0.1 m in degrees. */
    private static final double STEPS = 1e6;

    private FeatureWriter() {
    }

    /**
     * @param crsWkt the CRS's WKT where the raster gives one, for a GeoPackage's definition column
     */
    public static void write(Path out, FeatureFormat format, String name, List<DetectedFeature> features, OptionalInt epsg,
            java.util.Optional<String> crsWkt, Collection<Path> inputs) {
        if (format == FeatureFormat.GEOPACKAGE) {
            GeoPackageWriter.write(out, name, features, epsg, crsWkt, inputs);
            return;
        }
        JsonObject json = format == FeatureFormat.GEOJSON ? geoJson(name, features, epsg) : esriJson(features, epsg);
        byte[] bytes = JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(out, inputs, stream -> stream.write(bytes));
    }

    static JsonObject geoJson(String name, List<DetectedFeature> features, OptionalInt epsg) {
        JsonObject.Builder collection = JsonObject.builder().put("type", "FeatureCollection").put("name", name);
        if (epsg.isPresent()) {
            String urn = epsg.getAsInt() == 4326 ? "urn:ogc:def:crs:OGC:1.3:CRS84" : "urn:ogc:def:crs:EPSG::" + epsg.getAsInt();
            collection.put("crs", JsonObject.builder().put("type", "name")
                    .put("properties", JsonObject.builder().put("name", urn).build()).build());
        }
        List<JsonValue> items = new ArrayList<>();
        for (DetectedFeature feature : features) {
            items.add(JsonObject.builder()
                    .put("type", "Feature")
                    .put("properties", JsonObject.builder().put("Class", feature.className())
                            .put("ClassValue", feature.classValue()).put("Confidence", round(feature.confidence())).build())
                    .put("geometry", geoJsonGeometry(feature))
                    .build());
        }
        return collection.put("features", JsonArray.of(items)).build();
    }

    static JsonObject esriJson(List<DetectedFeature> features, OptionalInt epsg) {
        JsonObject.Builder set = JsonObject.builder()
                .put("displayFieldName", "Class")
                .put("geometryType", "esriGeometryPolygon");
        epsg.ifPresent(code -> set.put("spatialReference", JsonObject.builder().put("wkid", code).build()));
        set.put("fields", JsonArray.of(List.of(
                field("OBJECTID", "esriFieldTypeOID"),
                JsonObject.builder().put("name", "Class").put("type", "esriFieldTypeString").put("alias", "Class")
                        .put("length", 256).build(),
                field("ClassValue", "esriFieldTypeInteger"),
                field("Confidence", "esriFieldTypeDouble"))));
        List<JsonValue> items = new ArrayList<>();
        int id = 1;
        for (DetectedFeature feature : features) {
            items.add(JsonObject.builder()
                    .put("attributes", JsonObject.builder().put("OBJECTID", id++).put("Class", feature.className())
                            .put("ClassValue", feature.classValue()).put("Confidence", round(feature.confidence())).build())
                    .put("geometry", JsonObject.builder().put("rings", JsonArray.of(esriRings(feature))).build())
                    .build());
        }
        return set.put("features", JsonArray.of(items)).build();
    }

    /** A Polygon, or a MultiPolygon for a mask of several parts; exteriors counter-clockwise (RFC 7946). */
    private static JsonObject geoJsonGeometry(DetectedFeature feature) {
        List<JsonValue> parts = new ArrayList<>();
        for (List<double[][]> part : feature.parts(true)) {
            parts.add(JsonArray.of(part.stream().map(r -> (JsonValue) ring(r)).toList()));
        }
        return feature.singlePart()
                ? JsonObject.builder().put("type", "Polygon").put("coordinates", parts.get(0)).build()
                : JsonObject.builder().put("type", "MultiPolygon").put("coordinates", JsonArray.of(parts)).build();
    }

    /** Esri JSON's rings: every part's, exteriors clockwise and holes counter-clockwise, in one list. */
    private static List<JsonValue> esriRings(DetectedFeature feature) {
        List<JsonValue> rings = new ArrayList<>();
        for (List<double[][]> part : feature.parts(false)) {
            part.forEach(r -> rings.add(ring(r)));
        }
        return rings;
    }

    private static JsonObject field(String name, String type) {
        return JsonObject.builder().put("name", name).put("type", type).put("alias", name).build();
    }

    private static JsonArray ring(double[][] points) {
        List<JsonValue> coordinates = new ArrayList<>();
        for (double[] point : points) {
            coordinates.add(JsonArray.of(List.of(JsonNumber.of(round(point[0])), JsonNumber.of(round(point[1])))));
        }
        return JsonArray.of(coordinates);
    }

    private static double round(double value) {
        // Dividing (not multiplying by 1e-6) gives the double nearest the decimal, which prints short.
        return Math.rint(value * STEPS) / STEPS + 0.0;
    }
}
