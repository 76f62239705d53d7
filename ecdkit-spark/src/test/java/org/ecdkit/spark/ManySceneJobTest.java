package org.ecdkit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.classify.fixture.ClassifyFixtures;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.spark.executor.ExecutorRunners;
import org.ecdkit.spark.executor.TaskFaults;
import org.ecdkit.spark.job.JobFolder;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.scenes.Scene;
import org.ecdkit.spark.scenes.SceneJob;
import org.ecdkit.spark.scenes.SceneList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many scenes on local[2]: each output is the file one machine's classify writes for that scene, byte
 * for byte (GDAL attribute table included); failed tasks are retried, stopped jobs resume, and bad
 * scenes are reported while the others finish.
 */
class ManySceneJobTest {

    private static final ClassifyOptions OPTIONS = ClassifyOptions.DEFAULT.withTile(64).withPadding(6);
    private static final JobSettings SETTINGS = JobSettings.of(OPTIONS);

    @TempDir
    Path dir;
    private Path ecd;
    private Path scenes;
    private Path expected;

    @BeforeEach
    void scenesAndTheirOneMachineOutputs() throws Exception {
        // The bundled example's model (two 3x3 convolutions): outputs depend on each pixel's neighbours.
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "example");
        scenes = Files.createDirectories(dir.resolve("scenes"));
        expected = Files.createDirectories(dir.resolve("expected"));
        int[][] sizes = {{300, 200}, {130, 170}, {257, 64}, {90, 300}};
        for (int i = 0; i < sizes.length; i++) {
            Path scene = ClassifyFixtures.scene(sizes[i][0], sizes[i][1]).write(scenes.resolve("s" + i + ".tif"));
            ClassifyRaster.run(ecd, scene, expected.resolve("s" + i + ".tif"), OPTIONS, ClassifyListener.SILENT);
        }
    }

    @AfterEach
    void noFaults() {
        TaskFaults.set(TaskFaults.NONE);
        ExecutorRunners.openWith(org.ecdkit.runtime.RunnerSource.OPEN);
    }

    private JobSummary run(Path out, boolean resume) {
        return SceneJob.run(LocalCluster.session(), ecd, SceneList.read(scenes.toString(), "image"), out, SETTINGS, resume, false,
                JobProgress.SILENT);
    }

    private void assertSameAsOneMachine(Path out, int scenesCount) throws Exception {
        for (int i = 0; i < scenesCount; i++) {
            for (String suffix : List.of(".tif", ".tif.aux.xml")) {
                assertArrayEquals(Files.readAllBytes(expected.resolve("s" + i + suffix)), Files.readAllBytes(out.resolve("s" + i
                        + suffix)), "s" + i + suffix);
            }
        }
    }

    @Test
    void eachSceneIsTheOneMachineOutputByteForByte() throws Exception {
        Path out = dir.resolve("out");
        int before = ExecutorRunners.opened();
        JobSummary summary = run(out, false);
        assertEquals(4, summary.outcomes().size());
        assertTrue(summary.failures().isEmpty(), summary.describe());
        assertSameAsOneMachine(out, 4);
        // Four scenes, two task slots: sessions are reused across tasks, at most one per slot.
        assertTrue(ExecutorRunners.opened() - before <= 2, "sessions opened: " + (ExecutorRunners.opened() - before));
        // The manifest names every output with its SHA-256, as sha256sum computes it.
        JsonCursor manifest = JsonDocumentReader.read(out.resolve(JobFolder.MANIFEST)).cursor();
        assertTrue(manifest.get("Complete").asBoolean());
        JsonCursor first = manifest.get("Units").get("s0").get("Outputs").elements().get(0);
        assertEquals("s0.tif", first.get("File").asString());
        assertEquals(Sha256.ofFile(out.resolve("s0.tif")), first.get("Sha256").asString());
        assertEquals(Sha256.ofFile(ecd), manifest.get("DefinitionSha256").asString());
        assertTrue(summary.describe().contains("4 scenes done, 0 failed, 0 skipped"), summary.describe());
        assertEquals(summary.pixels(), 300 * 200 + 130 * 170 + 257 * 64 + 90 * 300);
    }

    @Test
    void aListAGlobAndAStacItemCollectionNameTheSameScenes() throws Exception {
        List<String> folder = SceneList.read(scenes.toString(), "image").stream().map(Scene::location).toList();
        Path list = Files.writeString(dir.resolve("scenes.txt"), "# the four scenes\nscenes/s0.tif\n\n" + scenes.resolve("s1.tif")
                + "\nscenes/s2.tif\nscenes/s3.tif\n");
        assertEquals(folder, SceneList.read(list.toString(), "image").stream().map(Scene::location).toList());
        assertEquals(folder, SceneList.read(scenes + "/s*.tif", "image").stream().map(Scene::location).toList());
        StringBuilder items = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [");
        for (int i = 0; i < 4; i++) {
            items.append(i > 0 ? "," : "").append("{\"type\": \"Feature\", \"stac_version\": \"1.0.0\", \"id\": \"item-").append(i)
                    .append("\", \"geometry\": null, \"properties\": {}, \"assets\": {\"visual\": {\"href\": \"scenes/s").append(i)
                    .append(".tif\", \"type\": \"image/tiff; application=geotiff\"}}}");
        }
        Path stac = Files.writeString(dir.resolve("items.json"), items.append("]}").toString());
        List<Scene> fromStac = SceneList.read(stac.toString(), "visual");
        assertEquals(folder, fromStac.stream().map(Scene::location).toList());
        assertEquals("item-2", fromStac.get(2).name());
        InvalidInputException noAsset = assertThrows(InvalidInputException.class, () -> SceneList.read(stac.toString(), "image"));
        assertTrue(noAsset.getMessage().contains("no asset \"image\" (the item has visual)"), noAsset.getMessage());
        // An item id that is not a plain file name would write outside the output folder.
        Path hostile = Files.writeString(dir.resolve("hostile.json"), items.toString().replace("\"item-1\"", "\"../item-1\""));
        InvalidInputException escaping = assertThrows(InvalidInputException.class, () -> SceneList.read(hostile.toString(), "visual"));
        assertTrue(escaping.getMessage().contains("item id \"../item-1\" is not usable as a file name"), escaping.getMessage());
        // URLs are scenes as they are, named by their last path segment; ecdkit reads them by ranges on each executor.
        Path urls = Files.writeString(dir.resolve("urls.txt"), "https://example.org/cogs/scene7.tif?x=1\ns3://bucket/a/scene8.tif\n");
        List<Scene> remote = SceneList.read(urls.toString(), "image");
        assertEquals(List.of("scene7", "scene8"), remote.stream().map(Scene::name).toList());
        assertEquals("s3://bucket/a/scene8.tif", remote.get(1).location());
        assertFalse(SceneList.isOneRaster(stac.toString()));
        assertFalse(SceneList.isOneRaster(list.toString()));
        assertTrue(SceneList.isOneRaster(scenes.resolve("s0.tif").toString()));
    }

    @Test
    void aListNamingAMissingFileIsRefusedBeforeAnyWorkNamingTheLine() throws Exception {
        Path list = Files.writeString(dir.resolve("scenes.txt"), "scenes/s0.tif\nscenes/gone.tif\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SceneList.read(list.toString(), "image"));
        assertEquals(list + ":2: scene " + scenes.resolve("gone.tif") + " does not exist", e.getMessage());
    }

    @Test
    void twoScenesWritingTheSameOutputAreRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.copy(scenes.resolve("s0.tif"), other.resolve("s0.tif"));
        Path list = Files.writeString(dir.resolve("scenes.txt"), "scenes/s0.tif\nother/s0.tif\n");
        UsageException e = assertThrows(UsageException.class, () -> SceneList.read(list.toString(), "image"));
        assertTrue(e.getMessage().contains("would both write outputs named s0"), e.getMessage());
    }

    @Test
    void failedTasksAreRetriedAndTheirOutputsAreStillTheOneMachineFiles() throws Exception {
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        TaskFaults.set(new TaskFaults() {
            @Override
            public void beforeUnit(String unit, int attempt) {
                if (unit.equals("s1") && failedOnce.add("start " + unit)) {
                    throw new IllegalStateException("executor lost (injected)");
                }
            }

            @Override
            public void beforeRecord(String unit, int attempt) {
                // Killed between committing its outputs and recording them: the retry writes them again.
                if (unit.equals("s2") && failedOnce.add("record " + unit)) {
                    throw new IllegalStateException("killed mid-write (injected)");
                }
            }
        });
        Path out = dir.resolve("out");
        JobSummary summary = run(out, false);
        assertTrue(summary.failures().isEmpty(), summary.describe());
        assertEquals(2, summary.retried());
        assertEquals(1, summary.outcomes().stream().filter(o -> o.name().equals("s1")).findFirst().orElseThrow().attempt());
        assertEquals(1, summary.outcomes().stream().filter(o -> o.name().equals("s2")).findFirst().orElseThrow().attempt());
        assertSameAsOneMachine(out, 4);
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".") && !f.getFileName().toString()
                    .equals(JobFolder.DONE_FOLDER)), "no temporary file is left");
        }
    }

    @Test
    void aStoppedJobResumesSkippingWhatIsCompleteAndRedoingWhatIsDamaged() throws Exception {
        // The first run loses two scenes on every attempt (a machine that keeps dying), so they fail.
        TaskFaults.set(new TaskFaults() {
            @Override
            public void beforeUnit(String unit, int attempt) {
                if (unit.equals("s2") || unit.equals("s3")) {
                    throw new IllegalStateException("node died (injected)");
                }
            }
        });
        Path out = dir.resolve("out");
        JobSummary first = run(out, false);
        assertEquals(List.of("s2", "s3"), first.failures().stream().map(UnitOutcome::name).toList());
        assertEquals(ExitCode.INTERNAL.code(), first.failures().get(0).exitCode());
        assertEquals(3, first.failures().get(0).attempt(), "four attempts");
        assertFalse(Files.exists(out.resolve("s2.tif")));
        TaskFaults.set(TaskFaults.NONE);
        // Without --resume, the folder is not reused.
        UsageException notResumed = assertThrows(UsageException.class, () -> run(out, false));
        assertTrue(notResumed.getMessage().contains("pass --resume"), notResumed.getMessage());
        // s0's output is cut short after the run (a copy interrupted, a disk error): it must be redone, not trusted.
        byte[] whole = Files.readAllBytes(out.resolve("s0.tif"));
        Files.write(out.resolve("s0.tif"), java.util.Arrays.copyOf(whole, whole.length / 2));
        JobSummary second = run(out, true);
        assertEquals(1, second.skipped(), second.describe());
        assertEquals(List.of("s0", "s2", "s3"), second.outcomes().stream().map(UnitOutcome::name).sorted().toList());
        assertTrue(second.failures().isEmpty(), second.describe());
        assertSameAsOneMachine(out, 4);
        assertTrue(JsonDocumentReader.read(out.resolve(JobFolder.MANIFEST)).cursor().get("Complete").asBoolean());
    }

    @Test
    void aSceneWithTheWrongBandsIsReportedAndTheOthersFinish() throws Exception {
        GeoTiffFixture.of(100, 80, 3, SampleType.UINT8, (x, y, b) -> x + y + b).epsg(32611, 500000, 4100000, 0.6)
                .write(scenes.resolve("s9-rgb.tif"));
        Path out = dir.resolve("out");
        JobSummary summary = run(out, false);
        assertEquals(List.of("s9-rgb"), summary.failures().stream().map(UnitOutcome::name).toList());
        UnitOutcome rgb = summary.failures().get(0);
        assertEquals(ExitCode.MISMATCH.code(), rgb.exitCode());
        assertEquals(0, rgb.attempt(), "a user's mistake is not retried");
        assertTrue(rgb.failure().contains("3 bands"), rgb.failure());
        assertSameAsOneMachine(out, 4);
        JsonCursor manifest = JsonDocumentReader.read(out.resolve(JobFolder.MANIFEST)).cursor();
        assertFalse(manifest.get("Complete").asBoolean());
        assertEquals(rgb.failure(), manifest.get("Units").get("s9-rgb").get("Failed").asString());
    }

    @Test
    void aFolderHoldingAnotherDefinitionsOutputsIsRefused() throws Exception {
        Path out = dir.resolve("out");
        run(out, false);
        Path otherModel = OnnxFixtures.imperviousExample().write(dir.resolve("other.onnx"));
        Path other = ClassifyFixtures.definition(dir, otherModel, ClassifyFixtures.TWO_CLASSES.replace("Impervious", "Paved"),
                "other");
        byte[] before = Files.readAllBytes(out.resolve("s0.tif"));
        UsageException e = assertThrows(UsageException.class, () -> SceneJob.run(LocalCluster.session(), other,
                SceneList.read(scenes.toString(), "image"), out, SETTINGS, true, false, JobProgress.SILENT));
        assertTrue(e.getMessage().contains("holds outputs of another definition"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("s0.tif")));
        // Other options that change the outputs are another job too.
        UsageException options = assertThrows(UsageException.class, () -> SceneJob.run(LocalCluster.session(), ecd,
                SceneList.read(scenes.toString(), "image"), out, JobSettings.of(OPTIONS.withPadding(2)), true, false,
                JobProgress.SILENT));
        assertTrue(options.getMessage().contains("other settings"), options.getMessage());
        // A folder of unrelated files is never written into.
        Path unrelated = Files.createDirectories(dir.resolve("unrelated"));
        Files.writeString(unrelated.resolve("notes.txt"), "mine");
        assertThrows(UsageException.class, () -> run(unrelated, false));
    }

    @Test
    void anExecutorThatCannotLoadTheRuntimeIsNamedWithTheLibrary() throws Exception {
        ExecutorRunners.openWith((model, options) -> {
            throw new UnsatisfiedLinkError("/tmp/onnxruntime-java/libonnxruntime.so: libgomp.so.1: cannot open shared object file");
        });
        JobSummary summary = run(dir.resolve("out"), false);
        assertEquals(4, summary.failures().size());
        UnitOutcome failure = summary.failures().get(0);
        assertEquals(ExitCode.RUNTIME_FAILURE.code(), failure.exitCode());
        assertTrue(failure.failure().contains("executor driver on ") && failure.failure().contains("cannot load the native library "
                + "of the runtime for an ONNX model: /tmp/onnxruntime-java/libonnxruntime.so: libgomp.so.1"), failure.failure());
        assertFalse(failure.failure().contains("\n"));
    }

    @Test
    void aShippedDefinitionIsCheckedAndRunOnTheExecutors() throws Exception {
        // Each task looks for the shipped copy where Spark puts it (SparkFiles), not at the original path.
        Set<String> seen = ConcurrentHashMap.newKeySet();
        TaskFaults.set(new TaskFaults() {
            @Override
            public void beforeUnit(String unit, int attempt) {
                Path copy = Path.of(org.apache.spark.SparkFiles.get(ecd.getFileName().toString()));
                if (Files.isRegularFile(copy) && Files.isRegularFile(copy.resolveSibling("example.onnx")) && !copy.equals(ecd)) {
                    seen.add(unit);
                }
            }
        });
        Path out = dir.resolve("out");
        JobSummary summary = SceneJob.run(LocalCluster.session(), ecd, SceneList.read(scenes.toString(), "image"), out, SETTINGS,
                false, true, JobProgress.SILENT);
        assertTrue(summary.failures().isEmpty(), summary.describe());
        assertEquals(Set.of("s0", "s1", "s2", "s3"), seen, "every task found the shipped definition and model");
        assertSameAsOneMachine(out, 4);
    }
}
