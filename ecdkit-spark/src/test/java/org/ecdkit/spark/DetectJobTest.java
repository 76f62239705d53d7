package org.ecdkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.detect.DetectListener;
import org.ecdkit.detect.DetectObjects;
import org.ecdkit.detect.DetectOptions;
import org.ecdkit.detect.fixture.DetectionFixtures;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.scenes.SceneJob;
import org.ecdkit.spark.scenes.SceneList;
import org.ecdkit.spark.windows.WindowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect on local[2]: per scene, the one machine's features file; one merged GeoJSON naming each
 * feature's scene; and one raster in windows of its tile grid, whose objects across window borders are
 * suppressed exactly as one machine suppresses them.
 */
class DetectJobTest {

    private static final DetectOptions OPTIONS = DetectOptions.DEFAULT.withTile(64).withPadding(12).withThreshold(0.25);

    @TempDir
    Path dir;

    @Test
    void eachScenesFeaturesAreTheOneMachineFileAndTheMergedFileHoldsThemAll() throws Exception {
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        Path scenes = Files.createDirectories(dir.resolve("scenes"));
        Path expected = Files.createDirectories(dir.resolve("expected"));
        List<DetectionFixtures.Obj> all = DetectionFixtures.OBJECTS;
        List<List<DetectionFixtures.Obj>> split = List.of(all.subList(0, 3), all.subList(3, 6), all.subList(6, all.size()));
        long features = 0;
        for (int i = 0; i < split.size(); i++) {
            Path scene = DetectionFixtures.scene(scenes.resolve("trees" + i + ".tif"), split.get(i));
            features += DetectObjects.run(ecd, scene, expected.resolve("trees" + i + ".geojson"), OPTIONS, DetectListener.SILENT)
                    .classes().stream().mapToLong(c -> c.count()).sum();
        }
        Path out = dir.resolve("out");
        JobSummary summary = SceneJob.run(LocalCluster.session(), ecd, SceneList.read(scenes.toString(), "image"), out,
                JobSettings.of(OPTIONS), false, false, JobProgress.SILENT);
        assertTrue(summary.failures().isEmpty(), summary.describe());
        for (int i = 0; i < split.size(); i++) {
            assertEquals(Files.readString(expected.resolve("trees" + i + ".geojson")), Files.readString(out.resolve("trees" + i
                    + ".geojson")));
        }
        JsonCursor merged = JsonDocumentReader.read(out.resolve("detections.geojson")).cursor();
        List<JsonCursor> mergedFeatures = merged.get("features").elements();
        assertEquals(features, mergedFeatures.size());
        assertEquals("urn:ogc:def:crs:EPSG::32611", merged.get("crs").get("properties").get("name").asString());
        JsonCursor first = mergedFeatures.get(0);
        assertEquals("trees0", first.get("properties").get("Scene").asString());
        assertTrue(first.get("properties").has("Confidence"));
    }

    @Test
    void oneRasterInWindowsOfItsGridGivesTheOneMachineFeatures() throws Exception {
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path expected = Files.createDirectories(dir.resolve("one")).resolve("objects.geojson");
        DetectObjects.run(ecd, scene, expected, OPTIONS, DetectListener.SILENT);
        Path out = Files.createDirectories(dir.resolve("spark")).resolve("objects.geojson");
        JobSummary summary = WindowJob.detect(LocalCluster.session(), ecd, scene.toString(), out, JobSettings.of(OPTIONS), 1,
                false, false, JobProgress.SILENT);
        assertTrue(summary.failures().isEmpty(), summary.describe());
        assertTrue(summary.outcomes().size() >= 4, "windows: " + summary.outcomes().size());
        assertEquals(Files.readString(expected), Files.readString(out));
    }
}
