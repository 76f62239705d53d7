package org.ecdkit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.classify.MergeMode;
import org.ecdkit.classify.fixture.ClassifyFixtures;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.gdal.AuxXml;
import org.ecdkit.spark.executor.TaskFaults;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.windows.WindowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One raster split into windows on local[2] and assembled: the file is one machine's, byte for byte,
 * in crop and in blend mode; a window that fails on every attempt leaves no output and a work folder
 * that a resumed run completes, redoing only that window.
 */
class WindowJobTest {

    @TempDir
    Path dir;

    @AfterEach
    void noFaults() {
        TaskFaults.set(TaskFaults.NONE);
    }

    private Path ecd() throws Exception {
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        return ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "example");
    }

    private void assertSameFiles(Path expected, Path actual) throws Exception {
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), "the GeoTIFF, byte for byte");
        assertEquals(Files.readString(AuxXml.sidecarOf(expected)), Files.readString(AuxXml.sidecarOf(actual)));
    }

    private void assertWindowsGiveTheOneMachineFile(ClassifyOptions options) throws Exception {
        Path ecd = ecd();
        Path scene = ClassifyFixtures.scene(400, 1100).write(dir.resolve("scene.tif"));
        Path expected = Files.createDirectories(dir.resolve("one")).resolve("classes.tif");
        ClassifyRaster.run(ecd, scene, expected, options, ClassifyListener.SILENT);
        Path out = Files.createDirectories(dir.resolve("spark")).resolve("classes.tif");
        JobSummary summary = WindowJob.classify(LocalCluster.session(), ecd, scene.toString(), out, JobSettings.of(options), 1,
                false, false, JobProgress.SILENT);
        assertEquals(5, summary.outcomes().size(), summary.describe());
        assertTrue(summary.failures().isEmpty(), summary.describe());
        assertSameFiles(expected, out);
        assertFalse(Files.exists(WindowJob.workFolder(out)), "the work folder is removed once the output is in place");
        assertEquals(400L * 1100, summary.pixels());
    }

    @Test
    void croppedWindowsAssembleIntoTheOneMachineFile() throws Exception {
        assertWindowsGiveTheOneMachineFile(ClassifyOptions.DEFAULT.withTile(96).withPadding(10));
    }

    @Test
    void blendedWindowsAssembleIntoTheOneMachineFile() throws Exception {
        assertWindowsGiveTheOneMachineFile(ClassifyOptions.DEFAULT.withTile(80).withPadding(8).withMerge(MergeMode.BLEND));
    }

    @Test
    void aStoppedWindowedJobResumesAndRedoesOnlyWhatIsMissing() throws Exception {
        Path ecd = ecd();
        ClassifyOptions options = ClassifyOptions.DEFAULT.withTile(96).withPadding(10);
        Path scene = ClassifyFixtures.scene(400, 1100).write(dir.resolve("scene.tif"));
        Path expected = Files.createDirectories(dir.resolve("one")).resolve("classes.tif");
        ClassifyRaster.run(ecd, scene, expected, options, ClassifyListener.SILENT);
        Path out = Files.createDirectories(dir.resolve("spark")).resolve("classes.tif");
        TaskFaults.set(new TaskFaults() {
            @Override
            public void beforeRecord(String unit, int attempt) {
                if (unit.equals("window-00002")) {
                    throw new IllegalStateException("node died (injected)");
                }
            }
        });
        JobSummary first = WindowJob.classify(LocalCluster.session(), ecd, scene.toString(), out, JobSettings.of(options), 1, false,
                false, JobProgress.SILENT);
        assertEquals(List.of("window-00002"), first.failures().stream().map(UnitOutcome::name).toList());
        assertFalse(Files.exists(out), "no output while a window is missing");
        assertTrue(Files.isDirectory(WindowJob.workFolder(out)));
        TaskFaults.set(TaskFaults.NONE);
        JobSummary second = WindowJob.classify(LocalCluster.session(), ecd, scene.toString(), out, JobSettings.of(options), 1, true,
                false, JobProgress.SILENT);
        assertEquals(4, second.skipped(), second.describe());
        assertEquals(List.of("window-00002"), second.outcomes().stream().map(UnitOutcome::name).toList());
        assertSameFiles(expected, out);
    }

    @Test
    void windowsAreSizedToKeepEverySlotBusyAndTasksOfAboutAQuarterGigapixel() {
        // 8000 x 8000 on 2 slots: 32 tile rows in 2 windows, each border costing one tile row twice.
        assertEquals(16, WindowJob.windowRows(0, 32, 64_000_000L, 2));
        // A 10^6 x 10^6 mosaic on 100 slots: one row of 256-pixel tiles per window, 256 Mpixel, not 40 rows.
        assertEquals(1, WindowJob.windowRows(0, 3907, 1_000_000L * 1_000_000L, 100));
        // 40 000 x 40 000 on 4 slots: 157 tile rows; 40 per window would keep the slots busy, but the size
        // limit takes 26 (26 x 256 x 40 000 = 266 Mpixel, about 2^28).
        assertEquals(26, WindowJob.windowRows(0, 157, 40_000L * 40_000L, 4));
        assertEquals(3, WindowJob.windowRows(3, 32, 64_000_000L, 2), "as asked");
    }
}
