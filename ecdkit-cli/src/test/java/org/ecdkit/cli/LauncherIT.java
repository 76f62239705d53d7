package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./ecdkit} launcher, run as a separate process on the packaged jar, as a user runs it. */
class LauncherIT {

    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    static Result ecdkit(String... args) throws Exception {
        return ecdkit(java.util.Map.of(), args);
    }

    static Result ecdkit(java.util.Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("ecdkit").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("ecdkit", ".out");
        Path err = Files.createTempFile("ecdkit", ".err");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.directory(HOME.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ecdkit did not finish");
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theLauncherRunsTheBuiltJarWithoutRebuilding() throws Exception {
        Result result = ecdkit("--version");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().startsWith("ecdkit "), result.toString());
        assertEquals("", result.err(), "no rebuild, no noise");
    }

    @Test
    void convertRunsEndToEndAsAUserRunsIt() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        Path out = dir.resolve("model.ecd");
        Result result = ecdkit("convert", model.toString(), info.toString(), out.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.err());
        assertEquals(2, EcdReader.read(out).value().first().numberClasses());

        Result mismatch = ecdkit("convert", model.toString(),
                Files.writeString(dir.resolve("three.json"), ConvertCommandTest.CLASS_INFO.replace("\"NumberRasterBands\":4", "\"NumberRasterBands\":3")).toString(),
                dir.resolve("bad.ecd").toString());
        assertEquals(5, mismatch.exitCode(), mismatch.toString());
        assertTrue(!mismatch.err().contains("\tat "), mismatch.toString());
    }

    @Test
    void theDemoRunsOnTheBundledExampleAndSaysWhereTheOutputsAre() throws Exception {
        Result result = ecdkit("demo", "--out", dir.toString());
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Outputs are in " + dir), result.toString());
        for (String name : List.of("impervious.ecd", "impervious-classes.tif", "impervious-classes.tif.aux.xml",
                "impervious-preview.png", "detector.ecd", "objects.geojson")) {
            assertTrue(Files.exists(dir.resolve(name)), name);
        }
        assertTrue(result.out().contains("Impervious"), result.toString());
        assertTrue(result.out().contains("40 objects"), result.toString());
    }

    /**
     * TensorFlow's native library is hundreds of megabytes: inspecting and converting a TensorFlow
     * model must not load it, nor any TensorFlow class; classifying with it does.
     */
    @Test
    void tensorFlowIsLoadedOnlyToRunATensorFlowModel() throws Exception {
        Path model = org.ecdkit.runtime.tensorflow.TensorFlowModels.savedModel(dir.resolve("saved"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "TensorFlow"));
        java.util.Map<String, String> verbose = java.util.Map.of("ECDKIT_JAVA_OPTS", "-verbose:class");
        Result inspect = ecdkit(verbose, "inspect", model.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        Result convert = ecdkit(verbose, "convert", model.toString(), info.toString(), dir.resolve("tf.ecd").toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        for (Result result : List.of(inspect, convert)) {
            assertTrue(result.out().contains("java.lang.Object"), "-verbose:class took effect");
            assertTrue(!result.out().contains("org.tensorflow") && !result.out().contains("org.bytedeco"), result.out()
                    .lines().filter(l -> l.contains("tensorflow") || l.contains("bytedeco")).findFirst().orElse(""));
        }
        Result classify = ecdkit(verbose, "classify", "--quiet", dir.resolve("tf.ecd").toString(),
                HOME.resolve("examples/impervious/scene.tif").toString(), dir.resolve("tf.tif").toString());
        assertEquals(0, classify.exitCode(), classify.toString());
        assertTrue(classify.out().contains("org.tensorflow.SavedModelBundle"), "classify loads TensorFlow");
    }

    /**
     * A model that loads but fails on the tile it is given (a 7 x 7 convolution without padding on a
     * 5 x 5 image): ONNX Runtime's own log line, in colour, used to reach the terminal before ecdkit's
     * error. Now the error is one line, without escape codes, and a runtime failure (exit 7).
     */
    @Test
    void aModelThatFailsWhileRunningIsOneLineOnStderrAndNothingElse() throws Exception {
        float[] kernel = new float[2 * 4 * 49];
        java.util.Arrays.fill(kernel, 0.01f);
        Path model = org.ecdkit.model.fixture.OnnxModelBuilder.pytorch()
                .input("image", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, "batch", 4, "height", "width")
                .initializer("W", new long[] {2, 4, 7, 7}, kernel)
                .node("Conv", List.of("image", "W"), List.of("scores"), org.ecdkit.model.fixture.OnnxModelBuilder.ints("kernel_shape", 7, 7))
                .output("scores", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, "batch", 2, "height", "width")
                .write(dir.resolve("wide.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        Path ecd = dir.resolve("wide.ecd");
        Result convert = ecdkit("convert", "--allow-mismatch", model.toString(), info.toString(), ecd.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        Path tiny = org.ecdkit.raster.fixture.GeoTiffFixture.of(5, 5, 4, org.ecdkit.raster.SampleType.UINT8, (x, y, b) -> x + y)
                .epsg(32611, 500000, 4100000, 1).write(dir.resolve("tiny.tif"));
        Result run = ecdkit("classify", "-q", ecd.toString(), tiny.toString(), dir.resolve("out.tif").toString());
        assertEquals(7, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith("error: ") && run.err().contains("ONNX Runtime failed on a batch of shape [1, 4, 5, 5]"),
                run.toString());
        assertTrue(run.err().indexOf('\u001b') < 0, "no colour codes: " + run);
        assertTrue(!Files.exists(dir.resolve("out.tif")));
    }

    /**
     * Class data sharing: the first classify after a build archives the classes it loaded; later runs
     * start on the archive, silently, with the same output. An archive cut short (a full disk) is never
     * started on: it would crash the JVM; the launcher makes a new one instead.
     */
    @Test
    void theFirstClassifyArchivesItsClassesAndLaterRunsStartOnThemSilently() throws Exception {
        Path archive = HOME.resolve("target/ecdkit-classes.jsa");
        Files.deleteIfExists(archive);
        Path model = org.ecdkit.model.fixture.OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        Path ecd = dir.resolve("m.ecd");
        assertEquals(0, ecdkit("convert", model.toString(), info.toString(), ecd.toString()).exitCode());
        Path scene = org.ecdkit.raster.fixture.GeoTiffFixture.of(300, 200, 4, org.ecdkit.raster.SampleType.UINT8,
                (x, y, b) -> (x * (b + 1) + y) % 200).epsg(32611, 500000, 4100000, 1).write(dir.resolve("scene.tif"));

        Result first = ecdkit("classify", "-q", ecd.toString(), scene.toString(), dir.resolve("first.tif").toString());
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals("", first.err());
        assertTrue(Files.size(archive) > 1_000_000, "the classes a classify loads, archived");
        Result second = ecdkit("classify", "-q", ecd.toString(), scene.toString(), dir.resolve("second.tif").toString());
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals("", second.err());
        assertEquals(-1, Files.mismatch(dir.resolve("first.tif"), dir.resolve("second.tif")));

        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        Result cut = ecdkit("classify", "-q", ecd.toString(), scene.toString(), dir.resolve("third.tif").toString());
        assertEquals(0, cut.exitCode(), cut.toString());
        assertEquals("", cut.err());
        assertEquals(-1, Files.mismatch(dir.resolve("first.tif"), dir.resolve("third.tif")));
        assertTrue(Files.size(archive) > whole.length / 2, "made again, whole");
    }

    /**
     * --engine spark through the launcher, as a user runs it: Spark is added to the class path for it
     * alone, its own logging stays at warnings, ecdkit prints the plan, progress and summary, each
     * scene's output is the one machine's, and a scene with the wrong bands makes the exit code 9.
     */
    @Test
    void theSparkEngineClassifiesAFolderOfScenesAsOneMachineDoes() throws Exception {
        Path model = org.ecdkit.model.fixture.OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        Path ecd = dir.resolve("m.ecd");
        assertEquals(0, ecdkit("convert", model.toString(), info.toString(), ecd.toString()).exitCode());
        Path scenes = Files.createDirectories(dir.resolve("scenes"));
        for (int i = 0; i < 3; i++) {
            int seed = i;
            org.ecdkit.raster.fixture.GeoTiffFixture.of(200 + 40 * i, 150, 4, org.ecdkit.raster.SampleType.UINT8,
                    (x, y, b) -> (x * (b + 1) + y + 17 * seed) % 200).epsg(32611, 500000, 4100000, 1)
                    .write(scenes.resolve("scene" + i + ".tif"));
        }
        Path out = dir.resolve("out");
        Result spark = ecdkit("classify", "--engine", "spark:local[2]", ecd.toString(), scenes.toString(), out.toString());
        assertEquals(0, spark.exitCode(), spark.toString());
        assertTrue(spark.out().startsWith("classify 3 of 3 scenes"), spark.out());
        assertTrue(spark.out().contains("3 scenes done, 0 failed, 0 skipped"), spark.out());
        assertTrue(spark.err().contains("done 3 of 3"), spark.err());
        assertFalse(spark.err().contains(" INFO "), "Spark logs at WARN: " + spark.err());
        for (int i = 0; i < 3; i++) {
            Path one = dir.resolve("one" + i + ".tif");
            Result local = ecdkit("classify", "-q", ecd.toString(), scenes.resolve("scene" + i + ".tif").toString(), one.toString());
            assertEquals(0, local.exitCode(), local.toString());
            assertEquals(-1, Files.mismatch(one, out.resolve("scene" + i + ".tif")), "scene" + i);
        }

        org.ecdkit.raster.fixture.GeoTiffFixture.of(50, 50, 3, org.ecdkit.raster.SampleType.UINT8, (x, y, b) -> x)
                .epsg(32611, 500000, 4100000, 1).write(scenes.resolve("rgb.tif"));
        Result partial = ecdkit("classify", "-q", "--engine", "spark:local[2]", "--resume", ecd.toString(), scenes.toString(),
                out.toString());
        assertEquals(9, partial.exitCode(), partial.toString());
        assertTrue(partial.err().contains("error: rgb: "), partial.err());
    }

    /**
     * The cluster path with executors in JVMs of their own (Spark's local-cluster: a master and two
     * workers started by the driver, each launching an executor process from a Spark installation,
     * here a SPARK_HOME made of the build's Spark jars): ecdkit ships its own jars (spark.jars) and the
     * definition and model (addFile) to them, every executor checks the model's digest, and the
     * outputs are the one machine's.
     */
    @Test
    void theSparkEngineShipsItselfAndTheModelToExecutorJvms() throws Exception {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        // Spark's launcher looks for a build folder or SPARK_SCALA_VERSION before it looks at jars/.
        Files.createDirectories(home.resolve("launcher/target/scala-2.12"));
        try (var spark = Files.list(HOME.resolve("ecdkit-spark/target/spark-lib"));
                var ecdkit = Files.list(HOME.resolve("ecdkit-cli/target/lib"))) {
            for (Path jar : spark.toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
            for (Path jar : ecdkit.filter(j -> j.getFileName().toString().matches("(jackson-(core|databind|annotations)|slf4j-api)-.*"))
                    .toList()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        Path model = org.ecdkit.model.fixture.OnnxFixtures.fourBandsTwoClasses(models.resolve("m.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        Path ecd = models.resolve("m.ecd");
        assertEquals(0, ecdkit("convert", model.toString(), info.toString(), ecd.toString()).exitCode());
        Path scenes = Files.createDirectories(dir.resolve("scenes"));
        for (int i = 0; i < 2; i++) {
            int seed = i;
            org.ecdkit.raster.fixture.GeoTiffFixture.of(180, 140, 4, org.ecdkit.raster.SampleType.UINT8,
                    (x, y, b) -> (x * (b + 3) + 5 * y + 31 * seed) % 220).epsg(32611, 500000, 4100000, 1)
                    .write(scenes.resolve("scene" + i + ".tif"));
        }
        Path out = dir.resolve("out");
        Result cluster = ecdkit(java.util.Map.of("SPARK_HOME", home.toString()), "classify", "--engine",
                "spark:local-cluster[2,1,1024]", ecd.toString(), scenes.toString(), out.toString());
        assertEquals(0, cluster.exitCode(), cluster.toString());
        assertTrue(cluster.out().contains("local-cluster[2,1,1024]: 2 executors, 1 task slot each"), cluster.out());
        assertTrue(cluster.out().contains("executor 0: ") && cluster.out().contains("executor 1: "), cluster.out());
        for (int i = 0; i < 2; i++) {
            Path one = dir.resolve("one" + i + ".tif");
            assertEquals(0, ecdkit("classify", "-q", ecd.toString(), scenes.resolve("scene" + i + ".tif").toString(),
                    one.toString()).exitCode());
            assertEquals(-1, Files.mismatch(one, out.resolve("scene" + i + ".tif")), "scene" + i);
        }
    }
}
