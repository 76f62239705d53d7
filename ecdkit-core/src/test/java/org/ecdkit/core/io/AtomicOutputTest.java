package org.ecdkit.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        return fifo;
    }

    /** Renaming a finished file over a pipe or a device replaces the system's node; refused, and left as it was. */
    @Test
    void aNamedPipeOrADeviceAsOutputIsRefusedAndLeftAsItIs() throws Exception {
        Path fifo = fifo("out.tif");
        UsageException pipe = assertThrows(UsageException.class, () -> AtomicOutput.write(fifo, List.of(), out -> out.write(1)));
        assertEquals("refusing to write " + fifo + ": it is a named pipe (FIFO); ecdkit writes its outputs to regular files",
                pipe.getMessage());
        assertEquals(FileKind.FIFO, FileKind.of(fifo));
        // Only checked, never written: the same path as root would otherwise replace the null device.
        UsageException device = assertThrows(UsageException.class, () -> AtomicOutput.checkTarget(Path.of("/dev/null"), List.of()));
        assertTrue(device.getMessage().endsWith("it is a character device; ecdkit writes its outputs to regular files"),
                device.getMessage());
        assertEquals(FileKind.CHARACTER_DEVICE, FileKind.of(Path.of("/dev/null")));
        assertEquals(List.of(fifo), filesIn(dir), "no temporary left beside the pipe");
    }

    @Test
    void standardOutputIsRefusedRatherThanReplacedByAFile() {
        UsageException e = assertThrows(UsageException.class, () -> AtomicOutput.checkTarget(Path.of("/dev/stdout"), List.of()));
        assertTrue(e.getMessage().startsWith("refusing to write /dev/stdout: it leads to /proc/self/fd/1"), e.getMessage());
        assertTrue(Files.isSymbolicLink(Path.of("/dev/stdout")));
    }

    /** As GDAL does: the bytes go to the file the link names, and the link stays a link. */
    @Test
    void aLinkAsOutputIsWrittenThroughToItsTargetAndStaysALink() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path target = Files.writeString(dir.resolve("data/real.tif"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.tif"), Path.of("data/real.tif"));
        AtomicOutput.write(link, List.of(), out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(target));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.tif"), dir.resolve("data/made.tif"));
        AtomicOutput.write(dangling, List.of(), out -> out.write("made".getBytes(StandardCharsets.UTF_8)));
        assertEquals("made", Files.readString(dir.resolve("data/made.tif")));
        assertTrue(Files.isSymbolicLink(dangling));
        // A link to an input is the input.
        Path input = Files.writeString(dir.resolve("data/input.json"), "{}");
        Path toInput = Files.createSymbolicLink(dir.resolve("out.json"), input);
        assertThrows(UsageException.class, () -> AtomicOutput.write(toInput, List.of(input), out -> out.write(1)));
        assertEquals("{}", Files.readString(input));
    }

    @Test
    void twoOutputsOfOneCommandThatAreTheSameFileAreRefused() throws Exception {
        Path tif = dir.resolve("out.tif");
        UsageException e = assertThrows(UsageException.class, () -> AtomicOutput.checkTargets(
                List.of(tif, dir.resolve("out.tif.aux.xml"), dir.resolve("./out.tif.aux.xml")), List.of()));
        assertTrue(e.getMessage().startsWith("refusing to write " + dir.resolve("./out.tif.aux.xml") + " twice"), e.getMessage());
    }

    @Test
    void anInputThatIsNotARegularFileIsRefusedByNameBeforeItIsOpened() throws Exception {
        Path fifo = fifo("classes.json");
        UsageException e = assertThrows(UsageException.class, () -> FileKind.requireRegularFile(fifo, "JSON"));
        assertEquals("cannot read " + fifo + " as JSON: it is a named pipe (FIFO); ecdkit reads regular files", e.getMessage());
        assertTrue(assertThrows(UsageException.class, () -> FileKind.requireRegularFile(dir, "JSON")).getMessage()
                .endsWith("it is a folder; ecdkit reads regular files"));
        assertThrows(StorageException.class, () -> FileKind.requireRegularFile(dir.resolve("missing.json"), "JSON"));
    }
}
