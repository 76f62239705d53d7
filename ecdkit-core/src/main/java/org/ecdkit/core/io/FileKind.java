package org.ecdkit.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;

/**
 * What a path names, in words: ecdkit reads and writes regular files only. Opening a named pipe
 * blocks until a writer appears (a hang), a device reads forever or not at all, and renaming a
 * finished output over either replaces the system's node with a file; all are refused by name
 * before anything is opened.
 */
public enum FileKind {
    MISSING("no such file or folder"),
    REGULAR("a file"),
    FOLDER("a folder"),
    FIFO("a named pipe (FIFO)"),
    CHARACTER_DEVICE("a character device"),
    BLOCK_DEVICE("a block device"),
    SOCKET("a socket"),
    OTHER("not a regular file");

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /** "a named pipe (FIFO)", for messages. */
    public String description() {
        return description;
    }

    /** What {@code path} names, following symbolic links. */
    public static FileKind of(Path path) {
        if (!Files.exists(path)) {
            return MISSING;
        }
        if (Files.isRegularFile(path)) {
            return REGULAR;
        }
        if (Files.isDirectory(path)) {
            return FOLDER;
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> FIFO;
                case 0020000 -> CHARACTER_DEVICE;
                case 0060000 -> BLOCK_DEVICE;
                case 0140000 -> SOCKET;
                default -> OTHER;
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return OTHER;
        }
    }

    /**
     * Refuses, before anything opens it, a {@code role} input ("the class-info file") that is
     * missing or is not a regular file.
     */
    public static void requireRegularFile(Path path, String role) {
        FileKind kind = of(path);
        if (kind == MISSING) {
            throw StorageException.of("read", path, new NoSuchFileException(path.toString()));
        }
        if (kind != REGULAR) {
            throw new UsageException("cannot read " + path + " as " + role + ": it is " + kind.description
                    + "; ecdkit reads regular files");
        }
    }

    /** Whether {@code path} is a symbolic link itself (not followed). */
    public static boolean isLink(Path path) {
        return Files.isSymbolicLink(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path);
    }
}
