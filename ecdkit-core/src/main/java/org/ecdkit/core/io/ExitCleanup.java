package org.ecdkit.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files and folders ecdkit is still writing, removed if the JVM is stopped before they are finished:
 * Ctrl-C or a kill during an hour-long classification must not leave a hidden multi-gigabyte
 * temporary beside the output, nor an extracted package in the temporary space. (SIGKILL runs no
 * code; nothing can be done about it.)
 */
public final class ExitCleanup {

    private static final Set<Path> UNFINISHED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::removeUnfinished, "ecdkit-exit-cleanup"));
    }

    private ExitCleanup() {
    }

    /** Removes {@code path} (a file, or a folder with its content) at exit unless released first. */
    public static void register(Path path) {
        UNFINISHED.add(path);
    }

    /** {@code path} is finished (committed, or already removed): exit leaves it alone. */
    public static void release(Path path) {
        UNFINISHED.remove(path);
    }

    private static void removeUnfinished() {
        for (Path path : UNFINISHED) {
            try {
                if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    FolderTree.remove(path);
                } else {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | RuntimeException ignored) {
                // The JVM is going down; whatever cannot be removed now stays.
            }
        }
    }
}
