package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented spark-submit line, run for real: Spark's own SparkSubmit (from spark-core) starts the
 * shaded bundle ({@code target/ecdkit-spark.jar}, profile spark-bundle) as a Spark application, with
 * the class path a Spark installation gives it (Spark's jars, with the Jackson and slf4j it ships), and
 * each scene's output is the one machine's. Runs whenever the bundle is built ({@code scripts/test}
 * builds it); without the profile it is skipped, saying so.
 */
class SparkSubmitIT {

    private static final Path HOME = LauncherIT.HOME;

    @TempDir
    Path dir;

    @Test
    void sparkSubmitRunsTheBundleAndWritesTheOneMachineOutputs() throws Exception {
        Path bundle = HOME.resolve("ecdkit-cli/target/ecdkit-spark.jar");
        boolean built = Boolean.getBoolean("ecdkit.spark.bundle");
        Assumptions.assumeTrue(built || Files.exists(bundle), "the spark-bundle profile is off: no ecdkit-spark.jar to submit");
        assertTrue(Files.exists(bundle), "the spark-bundle profile builds " + bundle);
        Path model = org.ecdkit.model.fixture.OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        Path ecd = dir.resolve("m.ecd");
        assertEquals(0, LauncherIT.ecdkit("convert", model.toString(), info.toString(), ecd.toString()).exitCode());
        Path scenes = Files.createDirectories(dir.resolve("scenes"));
        for (int i = 0; i < 2; i++) {
            int seed = i;
            org.ecdkit.raster.fixture.GeoTiffFixture.of(220, 160, 4, org.ecdkit.raster.SampleType.UINT8,
                    (x, y, b) -> (x * (b + 2) + 3 * y + 29 * seed) % 210).epsg(32611, 500000, 4100000, 1)
                    .write(scenes.resolve("scene" + i + ".tif"));
        }
        // A Spark installation's class path: its jars (ecdkit-spark/target/spark-lib), plus the Jackson and slf4j
        // it ships, which Maven resolved for ecdkit (they are in ecdkit-cli/target/lib, not in spark-lib).
        StringBuilder classPath = new StringBuilder(HOME.resolve("ecdkit-spark/target/spark-lib") + "/*");
        try (var libraries = Files.list(HOME.resolve("ecdkit-cli/target/lib"))) {
            for (Path jar : libraries.filter(j -> j.getFileName().toString().matches("(jackson-(core|databind|annotations)|slf4j-api)-.*"))
                    .toList()) {
                classPath.append(File.pathSeparator).append(jar);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(Files.readString(HOME.resolve("ecdkit-spark/target/spark-java-options")).trim().split("\\s+")));
        command.addAll(List.of("-cp", classPath.toString(), "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--class", "org.ecdkit.cli.Ecdkit", bundle.toString(),
                "classify", "--engine", "spark", ecd.toString(), scenes.toString(), dir.resolve("out").toString()));
        Path log = dir.resolve("submit.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "spark-submit did not finish");
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("2 scenes done, 0 failed"), output);
        for (int i = 0; i < 2; i++) {
            Path one = dir.resolve("one" + i + ".tif");
            assertEquals(0, LauncherIT.ecdkit("classify", "-q", ecd.toString(), scenes.resolve("scene" + i + ".tif").toString(),
                    one.toString()).exitCode());
            assertEquals(-1, Files.mismatch(one, dir.resolve("out").resolve("scene" + i + ".tif")), "scene" + i);
        }
    }
}
