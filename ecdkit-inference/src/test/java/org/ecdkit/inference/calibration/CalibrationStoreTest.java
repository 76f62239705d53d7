package org.ecdkit.inference.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationStoreTest {

    @TempDir
    Path dir;

    @Test
    void keepsTimesByKeyAndReplacesThemWhole() throws Exception {
        CalibrationStore store = CalibrationStore.in(dir.resolve("calibration"));
        assertEquals(Map.of(), store.read("k1"), "nothing yet");
        Map<CallShape, Double> times = new LinkedHashMap<>();
        times.put(new CallShape(512, 4), 0.25);
        times.put(new CallShape(1024, 1), 0.125);
        store.write("k1", times);
        assertEquals(times, store.read("k1"));
        assertEquals(Map.of(), store.read("k2"));
        store.write("k1", Map.of(new CallShape(256, 2), 0.5));
        assertEquals(Map.of(new CallShape(256, 2), 0.5), store.read("k1"));
        try (Stream<Path> files = Files.list(dir.resolve("calibration"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void oddLinesAndOversizedFilesAreIgnoredNeverTrusted() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("calibration"));
        Files.writeString(folder.resolve("k.txt"), "512x4=0.25\nnonsense\n512x=1\nx4=1\n99999999x1=1\n256x2=-1\n256x1=NaN\n"
                + "128x1=1e400\n1024x1=0.5=0.5\n768x2=0.75\n");
        assertEquals(Map.of(new CallShape(512, 4), 0.25, new CallShape(768, 2), 0.75),
                CalibrationStore.in(folder).read("k"));
        Files.writeString(folder.resolve("big.txt"), "512x4=0.25\n".repeat(CalibrationStore.MAX_BYTES / 10));
        assertEquals(Map.of(), CalibrationStore.in(folder).read("big"));
    }

    @Test
    void aStoreThatCannotBeWrittenKeepsNothingAndSaysNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        CalibrationStore store = CalibrationStore.in(file);
        store.write("k", Map.of(new CallShape(512, 4), 0.25));
        assertEquals(Map.of(), store.read("k"));
        assertTrue(Files.isRegularFile(file));
    }
}
