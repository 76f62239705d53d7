package org.ecdkit.spark.scenes;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    /** A features file of a scene in another CRS than the first: the merged file is abandoned, unwritten. */
    private static final class OtherCrs extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OtherCrs(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Writes the merged file, one scene's features at a time (a job's features are never all in memory);
     * returns a note where it could not be (scenes in different CRSs), and then nothing is written.
     * {@code files} holds one scene's file at least.
     */
    static Optional<String> write(Path target, List<String> scenes, List<Path> files) {
        JsonDocumentReader reader = new JsonDocumentReader(new JsonLimits(MAX_SCENE_BYTES, 64, 1 << 20, 100, Integer.MAX_VALUE));
        try {
            AtomicOutput.write(target, files, out -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                JsonValue crs = null;
                boolean first = true;
                for (int i = 0; i < files.size(); i++) {
                    JsonCursor root = reader.readFile(files.get(i)).cursor();
                    JsonValue sceneCrs = root.find("crs").map(JsonCursor::value).orElse(null);
                    if (i == 0) {
                        crs = sceneCrs;
                        JsonObject.Builder head = JsonObject.builder().put("type", "FeatureCollection").put("name", NAME);
                        if (crs != null) {
                            head.put("crs", crs);
                        }
                        String opening = JsonWriter.write(head.build());
                        writer.write(opening.substring(0, opening.lastIndexOf('}')) + ", \"features\": [\n");
                    } else if (!Objects.equals(sceneCrs, crs)) {
                        throw new OtherCrs("the scenes' features are in different CRSs (" + scenes.get(0) + " and "
                                + scenes.get(i) + "); ecdkit does not reproject, so " + FILE + " is not written: each scene's "
                                + "file stands");
                    }
                    for (JsonCursor feature : root.get("features").elements()) {
                        Map<String, JsonValue> properties = new LinkedHashMap<>();
                        properties.put("Scene", JsonString.of(scenes.get(i)));
                        feature.find("properties").ifPresent(p -> properties.putAll(p.asObject().members()));
                        JsonObject tagged = JsonObject.builder().putAll(feature.asObject().members())
                                .put("properties", JsonObject.builder().putAll(properties).build()).build();
                        writer.write((first ? "" : ",\n") + JsonWriter.write(tagged));
                        first = false;
                    }
                }
                writer.write("\n]}\n");
                writer.flush();
            });
            return Optional.empty();
        } catch (OtherCrs e) {
            return Optional.of(e.getMessage());
        }
    }
}
