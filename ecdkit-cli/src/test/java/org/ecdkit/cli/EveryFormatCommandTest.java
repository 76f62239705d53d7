package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code ecdkit inspect} and {@code ecdkit convert}, as a user runs them, on a model of every format. */
class EveryFormatCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ModelFormat.class)
    void inspectShowsTheSignature(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        CommandRun run = CommandRun.of("inspect", model.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("  format     " + format.description()), run.out());
        assertTrue(run.out().contains("  framework  " + format.framework().canonicalName() + "\n"), run.out());
        if (format == ModelFormat.TORCHSCRIPT) {
            assertTrue(run.out().contains("TorchScript records no tensor shapes"), run.out());
        } else {
            assertTrue(run.out().contains(ModelFixtures.BANDS + " bands"), run.out());
            assertTrue(run.out().contains("(" + ModelFixtures.CLASSES + " classes)"), run.out());
        }
        CommandRun json = CommandRun.of("inspect", "--json", model.toString());
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().contains("\"Format\": \"" + format.id() + "\""), json.out());
    }

    @ParameterizedTest
    @EnumSource(ModelFormat.class)
    void convertWritesADefinitionNamingTheFramework(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        Path info = Files.writeString(dir.resolve("classes.json"), "{\"NumberRasterBands\": 4, \"MiniBatchSize\": 8, \"Classes\": ["
                + "{\"Value\": 1, \"Name\": \"water\", \"Color\": [0, 0, 255]}, {\"Value\": 2, \"Name\": \"trees\", \"Color\": [0, 128, 0]},"
                + "{\"Value\": 3, \"Name\": \"grass\", \"Color\": [0, 255, 0]}, {\"Value\": 4, \"Name\": \"roofs\", \"Color\": [200, 0, 0]},"
                + "{\"Value\": 5, \"Name\": \"roads\", \"Color\": [90, 90, 90]}]}");
        Path out = dir.resolve("out.ecd");
        CommandRun run = CommandRun.of("convert", model.toString(), info.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.readString(out).contains("\"Classifier\": \"" + format.framework().canonicalName() + "\""),
                Files.readString(out));
    }
}
