package org.ecdkit.spark.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenes' features merged one file at a time; scenes in two CRSs are not merged, and nothing is left behind. */
class MergedFeaturesTest {

    @TempDir
    Path dir;

    private Path scene(String name, int epsg, int features) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < features; i++) {
            list.append(i > 0 ? "," : "").append("{\"type\": \"Feature\", \"properties\": {\"Class\": \"Tree\", \"N\": ")
                    .append(i).append("}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [").append(i).append(", 1]}}");
        }
        return Files.writeString(dir.resolve(name + ".geojson"), "{\"type\": \"FeatureCollection\", \"name\": \"" + name
                + "\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::" + epsg + "\"}}, "
                + "\"features\": [" + list + "]}");
    }

    @Test
    void featuresOfScenesInOneCrsAreMergedWithTheirScene() throws Exception {
        Path merged = dir.resolve(MergedFeatures.FILE);
        assertEquals(Optional.empty(), MergedFeatures.write(merged, List.of("a", "b", "c"),
                List.of(scene("a", 32611, 2), scene("b", 32611, 0), scene("c", 32611, 3))));
        JsonCursor root = JsonDocumentReader.read(merged).cursor();
        assertEquals("urn:ogc:def:crs:EPSG::32611", root.get("crs").get("properties").get("name").asString());
        List<JsonCursor> features = root.get("features").elements();
        assertEquals(List.of("a", "a", "c", "c", "c"), features.stream().map(f -> f.get("properties").get("Scene").asString())
                .toList());
        assertEquals(2, features.get(4).get("properties").get("N").asLong(0, 9));
    }

    @Test
    void scenesInTwoCrsAreNotMergedAndNothingIsWritten() throws Exception {
        Path merged = dir.resolve(MergedFeatures.FILE);
        Optional<String> note = MergedFeatures.write(merged, List.of("a", "b"), List.of(scene("a", 32611, 2),
                scene("b", 32612, 1)));
        assertTrue(note.orElseThrow().contains("different CRSs (a and b)"), note.toString());
        assertFalse(Files.exists(merged));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary left");
        }
    }
}
