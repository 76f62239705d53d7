package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --engine, --resume and --window-rows refuse, in one line with exit 2, before anything is read or written. */
class EngineOptionsTest {

    @TempDir
    Path dir;

    private void assertRefused(String message, String... args) {
        CommandRun run = CommandRun.of(args);
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(message), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
    }

    @Test
    void distributedOptionsNeedTheSparkEngine() {
        assertRefused("--resume is for --engine spark", "classify", "--resume", "m.ecd", "in.tif", "out.tif");
        assertRefused("--window-rows is for --engine spark", "detect", "--window-rows", "2", "m.ecd", "in.tif", "out.geojson");
        assertRefused("--engine hadoop is not local, spark or spark:MASTER", "classify", "--engine", "hadoop", "m.ecd", "in.tif",
                "out.tif");
        assertRefused("--window-rows 0 is not a number of rows", "classify", "--engine", "spark", "--window-rows", "0", "m.ecd",
                "in.tif", "out.tif");
    }

    @Test
    void aPreviewOrAnUploadIsNotMadeByACluster() throws Exception {
        assertRefused("--preview is drawn from one machine's run", "classify", "--engine", "spark", "--preview",
                dir.resolve("p.png").toString(), "m.ecd", "in.tif", "out.tif");
        assertRefused("--engine spark writes OUTPUT on a file system every executor reaches", "classify", "--engine",
                "spark:local[1]", dir.resolve("m.ecd").toString(), "in.tif", "s3://bucket/out.tif");
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "nothing written");
        }
    }

    /** The tests' class path, like ecdkit-cli.jar's, holds no Spark: the launcher adds it for --engine spark only. */
    @Test
    void withoutSparkOnTheClassPathTheEngineSaysHowToGetIt() {
        assertRefused("--engine spark needs Apache Spark on the class path: run ecdkit through ./ecdkit", "classify",
                "--engine", "spark", dir.resolve("m.ecd").toString(), "in.tif", dir.resolve("out").toString());
    }
}
