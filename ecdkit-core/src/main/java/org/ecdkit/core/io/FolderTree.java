package org.ecdkit.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A folder and everything under it, as ecdkit's own scratch and extraction folders are removed. */
public final class FolderTree {

    private FolderTree() {
    }

    /** Removes {@code folder} and its content, deepest first; links are removed, never followed. */
    public static void remove(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
