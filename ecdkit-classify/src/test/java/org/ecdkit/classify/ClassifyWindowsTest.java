package org.ecdkit.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ecdkit.classify.fixture.ClassifyFixtures;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.gdal.AuxXml;
import org.ecdkit.runtime.RunnerPool;
import org.ecdkit.runtime.RunnerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raster classified as windows (what a cluster's tasks compute) and assembled is the file one
 * machine writes, byte for byte, in crop and in blend mode, on a model with spatial context (two 3x3
 * convolutions), where a window that missed its halo would show seams.
 */
class ClassifyWindowsTest {

    @TempDir
    Path dir;

    private Path ecd() throws Exception {
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        return ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "example");
    }

    private void assertSameAsOneMachine(Path ecd, Path scene, ClassifyOptions options, int windowTileRows) throws Exception {
        Path whole = dir.resolve("whole.tif");
        ClassificationSummary one = ClassifyRaster.run(ecd, scene, whole, options, ClassifyListener.SILENT);
        Path assembled = dir.resolve("assembled.tif");
        WindowedClassification planned = ClassifyWindows.plan(ecd, scene.toString(), assembled, options, windowTileRows,
                "test", ClassifyListener.SILENT);
        assertTrue(planned.windows().size() > 1, "more than one window");
        List<ClassifiedWindow> windows = new ArrayList<>();
        try (RunnerPool pool = new RunnerPool(RunnerSource.OPEN)) {
            // Computed in reverse order, as a cluster may: a window depends on no other.
            List<OutputWindow> order = new ArrayList<>(planned.windows());
            Collections.reverse(order);
            for (OutputWindow window : order) {
                windows.add(0, ClassifyWindows.classify(ecd, scene.toString(), planned.pinned(), window, pool, (d, t) -> { }));
            }
            assertEquals(1, pool.opened(), "one session served every window");
        }
        ClassificationSummary many = ClassifyWindows.assemble(ecd, scene.toString(), assembled, planned.pinned(), windows,
                "test", ClassifyListener.SILENT);
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(assembled), "the GeoTIFF, byte for byte");
        assertEquals(Files.readString(AuxXml.sidecarOf(whole)), Files.readString(AuxXml.sidecarOf(assembled)));
        assertEquals(one.classes(), many.classes());
    }

    @Test
    void croppedWindowsAssembleIntoTheOneMachineFile() throws Exception {
        Path scene = ClassifyFixtures.scene(300, 700).write(dir.resolve("scene.tif"));
        assertSameAsOneMachine(ecd(), scene, ClassifyOptions.DEFAULT.withTile(64).withPadding(5).withBatch(3), 1);
    }

    @Test
    void blendedWindowsSumTheSameScoresInTheSameOrder() throws Exception {
        Path scene = ClassifyFixtures.scene(300, 700).write(dir.resolve("scene.tif"));
        assertSameAsOneMachine(ecd(), scene, ClassifyOptions.DEFAULT.withTile(96).withPadding(12)
                .withMerge(MergeMode.BLEND), 1);
    }

    @Test
    void nodataAndCountsAddUpAcrossWindows() throws Exception {
        // Float imagery with a band of NaN rows that crosses the first window border (row 256).
        Path scene = GeoTiffFixture.of(260, 600, 4, SampleType.FLOAT32, (x, y, b) -> y >= 240 && y < 270 && x < 100
                ? Double.NaN : ClassifyFixtures.sceneValue(x, y, b)).epsg(32611, 500000, 4100000, 0.6)
                .write(dir.resolve("nan.tif"));
        assertSameAsOneMachine(ecd(), scene, ClassifyOptions.DEFAULT.withTile(80).withPadding(6), 1);
    }

    @Test
    void aPreviewIsNotDrawnFromWindows() throws Exception {
        Path scene = ClassifyFixtures.scene(300, 700).write(dir.resolve("scene.tif"));
        UsageException e = assertThrows(UsageException.class, () -> ClassifyWindows.plan(ecd(), scene.toString(),
                dir.resolve("out.tif"), ClassifyOptions.DEFAULT.withPreview(dir.resolve("p.png")), 1, "test",
                ClassifyListener.SILENT));
        assertTrue(e.getMessage().contains("--preview"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.tif")));
    }

    @Test
    void windowsThatSkipRowsAreRefusedAndNothingIsWritten() throws Exception {
        Path ecd = ecd();
        Path scene = ClassifyFixtures.scene(300, 700).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("out.tif");
        WindowedClassification planned = ClassifyWindows.plan(ecd, scene.toString(), out, ClassifyOptions.DEFAULT, 1, "test",
                ClassifyListener.SILENT);
        List<ClassifiedWindow> windows = new ArrayList<>();
        for (OutputWindow window : planned.windows()) {
            windows.add(ClassifyWindows.classify(ecd, scene.toString(), planned.pinned(), window, RunnerSource.OPEN, (d, t) -> { }));
        }
        windows.remove(1);
        assertThrows(IllegalStateException.class, () -> ClassifyWindows.assemble(ecd, scene.toString(), out, planned.pinned(),
                windows, "test", ClassifyListener.SILENT));
        assertFalse(Files.exists(out));
    }
}
