package org.ecdkit.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM stopped while writing (Ctrl-C and kill send SIGINT and SIGTERM) removes the hidden
 * temporary of an unfinished output and its scratch folders, and leaves a committed output alone.
 * The writer runs in a child JVM ({@link Writer}), stopped by {@link Process#destroy()}: SIGTERM.
 */
class ExitCleanupTest {

    @TempDir
    Path dir;

    @Test
    void aStoppedWriterLeavesNoTemporaryNorScratchBehind() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        List<String> paths;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            paths = List.of(out.readLine(), out.readLine(), out.readLine());
            assertTrue(Files.exists(Path.of(paths.get(0))), "the temporary exists while writing: " + paths);
            assertTrue(Files.exists(Path.of(paths.get(1), "extracted", "model.onnx")), paths.toString());
            child.destroy();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child stops");
        }
        assertEquals(143, child.exitValue(), "stopped by SIGTERM");
        assertFalse(Files.exists(Path.of(paths.get(0))), "the unfinished output's temporary is removed");
        assertFalse(Files.exists(Path.of(paths.get(1))), "the scratch folder is removed");
        assertFalse(Files.exists(dir.resolve("unfinished.tif")), "the unfinished output never appears");
        assertEquals("complete", Files.readString(Path.of(paths.get(2))), "a committed output stays");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("done.txt")), left.toList());
        }
    }

    /** Writes one output to the end, starts another and a scratch folder, says where, and waits to be stopped. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            try (PendingFile done = AtomicOutput.create(dir.resolve("done.txt"), List.of())) {
                done.stream().write("complete".getBytes(StandardCharsets.UTF_8));
                done.commit();
            }
            PendingFile unfinished = AtomicOutput.create(dir.resolve("unfinished.tif"), List.of());
            unfinished.stream().write(new byte[1 << 20]);
            ScratchFolder scratch = ScratchFolder.create("ecdkit-exit-test-");
            Files.createDirectories(scratch.path().resolve("extracted"));
            Files.write(scratch.path().resolve("extracted/model.onnx"), new byte[1000]);
            System.out.println(unfinished.temporary());
            System.out.println(scratch.path());
            System.out.println(dir.resolve("done.txt"));
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
