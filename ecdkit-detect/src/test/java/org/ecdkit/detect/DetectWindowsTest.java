package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.detect.fixture.DetectionFixtures;
import org.ecdkit.runtime.RunnerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detection split into windows of grid rows and finished from their boxes writes the one machine's
 * features, byte for byte: objects straddling window borders (the one at (35, 35) lies across four
 * tiles' cores, so across a window border with one grid row per window) are suppressed the same way.
 */
class DetectWindowsTest {

    @TempDir
    Path dir;

    @Test
    void windowsOfTheGridGiveTheOneMachineFeatures() throws Exception {
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        DetectOptions options = DetectOptions.DEFAULT.withTile(64).withPadding(12).withThreshold(0.25);
        // The file's name is written into it (the collection's name): the same name, in two folders.
        Path whole = Files.createDirectories(dir.resolve("one")).resolve("objects.geojson");
        DetectionSummary one = DetectObjects.run(ecd, scene, whole, options, DetectListener.SILENT);
        Path windowed = Files.createDirectories(dir.resolve("windows")).resolve("objects.geojson");
        WindowedDetection planned = DetectWindows.plan(ecd, scene.toString(), windowed, options, 1, "test", DetectListener.SILENT);
        assertTrue(planned.windows().size() > 3, "several windows");
        List<DetectedWindow> windows = new ArrayList<>();
        for (TileRows rows : planned.windows()) {
            windows.add(DetectWindows.detect(ecd, scene.toString(), windowed, planned.pinned(), rows, RunnerSource.OPEN,
                    (d, t) -> { }));
        }
        long keptAcrossWindows = windows.stream().mapToLong(w -> w.kept().size()).sum();
        DetectionSummary many = DetectWindows.assemble(ecd, scene.toString(), windowed, planned.pinned(), windows, "test",
                DetectListener.SILENT);
        assertEquals(Files.readString(whole), Files.readString(windowed));
        assertEquals(one.classes(), many.classes());
        assertEquals(one.suppressed(), many.suppressed());
        assertTrue(many.suppressed() > 0 && keptAcrossWindows > many.classes().stream().mapToLong(c -> c.count()).sum(),
                "boxes kept by tiles in different windows were suppressed as one object");
    }
}
