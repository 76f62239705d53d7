package org.ecdkit.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path dir;

    private List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void writesTheWholeFileAndNothingElse() throws Exception {
        Path out = dir.resolve("out.ecd");
        AtomicOutput.write(out, List.of(), s -> s.write("hello".getBytes()));
        assertEquals("hello", Files.readString(out));
        assertEquals(List.of(out), filesIn(dir));
    }

    @Test
    void outputsGetThePermissionsOfAnyNewFileNotOwnerOnly() throws Exception {
        Path out = dir.resolve("out.ecd");
        AtomicOutput.write(out, List.of(), s -> s.write(1));
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
    }

    @Test
    void aFailedWriteLeavesTheOldOutputUntouchedAndNoTemporaryFile() throws Exception {
        Path out = dir.resolve("out.ecd");
        Files.writeString(out, "old");
        assertThrows(StorageException.class, () -> AtomicOutput.write(out, List.of(), s -> {
            s.write("half".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("old", Files.readString(out));
        assertEquals(List.of(out), filesIn(dir));
    }

    @Test
    void theFullDiskMessageIsPlain() {
        Path out = dir.resolve("out.ecd");
        StorageException e = assertThrows(StorageException.class, () -> AtomicOutput.write(out, List.of(), s -> {
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().endsWith("disk full (no space left on device)"), e.getMessage());
    }

    @Test
    void aMissingFolderIsNamed() {
        Path out = dir.resolve("missing/out.ecd");
        StorageException e = assertThrows(StorageException.class, () -> AtomicOutput.write(out, List.of(), s -> { }));
        assertTrue(e.getMessage().contains("folder " + dir.resolve("missing") + " does not exist"), e.getMessage());
    }

    @Test
    void anOutputThatIsAlsoAnInputIsRefusedAndTheInputKept() throws Exception {
        Path input = dir.resolve("model.onnx");
        Files.writeString(input, "weights");
        Path sameByAnotherName = dir.resolve("sub/../model.onnx");
        Files.createDirectories(dir.resolve("sub"));
        UsageException e = assertThrows(UsageException.class,
                () -> AtomicOutput.write(sameByAnotherName, List.of(input), s -> s.write(1)));
        assertTrue(e.getMessage().contains("it is also an input"), e.getMessage());
        assertEquals("weights", Files.readString(input));
    }

    @Test
    void anUncommittedPendingFileDisappearsOnClose() throws Exception {
        Path out = dir.resolve("big.tif");
        try (PendingFile pending = AtomicOutput.create(out, List.of())) {
            pending.channel().write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertTrue(Files.exists(pending.temporary()));
        }
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void aReadOnlyFolderIsReportedAsSuch() throws Exception {
        Path locked = ReadOnlyFolders.create(dir);
        Path out = locked.resolve("out.ecd");
        StorageException e = assertThrows(StorageException.class, () -> AtomicOutput.write(out, List.of(), s -> s.write(1)));
        assertTrue(e.getMessage().contains("not writable") || e.getMessage().contains("read-only"), e.getMessage());
        assertTrue(!Files.exists(out));
    }
}
