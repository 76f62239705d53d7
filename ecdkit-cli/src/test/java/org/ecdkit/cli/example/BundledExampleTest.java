package org.ecdkit.cli.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed example files are exactly what {@link BundledExample} writes: their derivation is
 * the code. To change them, change the code and run
 * {@code mvn -pl ecdkit-cli -am test -Dtest=BundledExampleTest -Decdkit.regenerateExample=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class BundledExampleTest {

    static final Path COMMITTED = Path.of("..", "examples", "impervious");
    static final Path COMMITTED_DETECTION = Path.of("..", "examples", "detection");

    @Test
    void committedFilesAreWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
        if (Boolean.getBoolean("ecdkit.regenerateExample")) {
            BundledExample.write(COMMITTED);
        }
        BundledExample.write(dir);
        for (String name : List.of(BundledExample.MODEL, BundledExample.CLASS_INFO, BundledExample.SCENE)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)), Files.readAllBytes(COMMITTED.resolve(name)),
                    name + " differs from what BundledExample writes; regenerate it (see this test's javadoc)");
        }
    }

    @Test
    void committedDetectionFilesAreWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
        if (Boolean.getBoolean("ecdkit.regenerateExample")) {
            DetectionExample.write(COMMITTED_DETECTION);
        }
        DetectionExample.write(dir);
        for (String name : List.of(DetectionExample.MODEL, DetectionExample.CLASS_INFO, DetectionExample.SCENE)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(name)), Files.readAllBytes(COMMITTED_DETECTION.resolve(name)),
                    name + " differs from what DetectionExample writes; regenerate it (see this test's javadoc)");
        }
    }
}
