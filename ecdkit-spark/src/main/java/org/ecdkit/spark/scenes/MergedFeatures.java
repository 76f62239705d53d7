package org.ecdkit.spark.scenes;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonLimits;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.json.JsonWriter;

/**
 * Every scene's features in one GeoJSON file, each with the scene it came from ({@code Scene}), for a
 * user who wants one layer of a whole job. GeoJSON names one CRS per file and ecdkit does not
 * reproject, so scenes in different CRSs are not merged (the note says so; the per-scene files stand).
 */
final class MergedFeatures {

    static final String NAME = "detections";
    static final String FILE = NAME + ".geojson";
    /** A scene's features file this large is still merged; larger ones are what GeoPackage output is for. */
    private static final long MAX_SCENE_BYTES = 1L << 30;

    private MergedFeatures() {
    }

    /** Writes the merged file; returns a note where it could not be (scenes in different CRSs). */
    static Optional<String> write(Path target, List<String> scenes, List<Path> files) {
        JsonReaderWithRoom reader = new JsonReaderWithRoom();
        JsonValue crs = null;
        List<JsonValue> features = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            JsonCursor root = reader.read(files.get(i));
            JsonValue sceneCrs = root.find("crs").map(JsonCursor::value).orElse(null);
            if (i > 0 && !Objects.equals(sceneCrs, crs)) {
                return Optional.of("the scenes' features are in different CRSs (" + scenes.get(0) + " and " + scenes.get(i)
                        + "); ecdkit does not reproject, so " + FILE + " is not written: each scene's file stands");
            }
            crs = sceneCrs;
            for (JsonCursor feature : root.get("features").elements()) {
                JsonObject object = feature.asObject();
                Map<String, JsonValue> properties = new LinkedHashMap<>();
                properties.put("Scene", JsonString.of(scenes.get(i)));
                feature.find("properties").ifPresent(p -> properties.putAll(p.asObject().members()));
                features.add(JsonObject.builder().putAll(object.members()).put("properties",
                        JsonObject.builder().putAll(properties).build()).build());
            }
        }
        JsonObject.Builder merged = JsonObject.builder().put("type", "FeatureCollection").put("name", NAME);
        if (crs != null) {
            merged.put("crs", crs);
        }
        merged.put("features", org.ecdkit.core.json.JsonArray.of(features));
        String text = JsonWriter.write(merged.build()) + "\n";
        AtomicOutput.write(target, files, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(text);
            writer.flush();
        });
        return Optional.empty();
    }

    /** A JSON reader for features files, which grow far beyond a class-info file's limits. */
    private static final class JsonReaderWithRoom {
        private final JsonDocumentReader reader = new JsonDocumentReader(new JsonLimits(MAX_SCENE_BYTES, 64, 1 << 20, 100,
                Integer.MAX_VALUE));

        JsonCursor read(Path file) {
            return reader.readFile(file).cursor();
        }
    }
}
