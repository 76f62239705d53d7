package org.ecdkit.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.error.StorageException;

/**
 * A folder of the system's temporary space that ecdkit fills for one task and removes with everything
 * in it, on {@link #close} or when the JVM is stopped first ({@link ExitCleanup}).
 */
public final class ScratchFolder implements AutoCloseable {

    private final Path path;

    private ScratchFolder(Path path) {
        this.path = path;
    }

    /** A new, empty folder named {@code prefix} and a random suffix. */
    public static ScratchFolder create(String prefix) {
        try {
            Path path = Files.createTempDirectory(prefix);
            ExitCleanup.register(path);
            return new ScratchFolder(path);
        } catch (IOException e) {
            throw StorageException.of("create a scratch folder in", Path.of(System.getProperty("java.io.tmpdir")), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the folder after a failure, when the failure is the error to report. */
    public void closeQuietly() {
        try {
            FolderTree.remove(path);
            ExitCleanup.release(path);
        } catch (IOException ignored) {
            // The caller is reporting the error that made it give up; that one matters.
        }
    }

    @Override
    public void close() {
        try {
            FolderTree.remove(path);
            ExitCleanup.release(path);
        } catch (IOException e) {
            throw StorageException.of("remove the scratch folder", path, e);
        }
    }
}
