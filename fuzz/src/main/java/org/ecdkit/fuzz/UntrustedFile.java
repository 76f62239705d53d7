package org.ecdkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.error.EcdkitException;

/**
 * The contract every fuzz target checks: a parser given any bytes either succeeds or throws an
 * {@link EcdkitException} (which the command line turns into one line and an exit code). Any other
 * throwable escapes to Jazzer, which reports it with the input that caused it; so do hangs (its
 * -timeout) and unbounded memory (its -rss_limit_mb).
 */
final class UntrustedFile {

    /** One scratch folder per process: Jazzer runs one input at a time. */
    private static final Path FOLDER = scratch();

    private UntrustedFile() {
    }

    /** Writes {@code bytes} to {@code name} in the scratch folder and hands its path to {@code parser}. */
    static void parse(byte[] bytes, String name, Parser parser) {
        Path file = FOLDER.resolve(name);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            parser.parse(file);
        } catch (EcdkitException expected) {
            // A clear refusal is the right answer to bad bytes.
        } finally {
            try {
                Files.deleteIfExists(file); // so that the folder is empty when deleteOnExit comes
            } catch (IOException ignored) {
                // The next input overwrites it.
            }
        }
    }

    interface Parser {
        void parse(Path file);
    }

    private static Path scratch() {
        try {
            Path shm = Path.of("/dev/shm");
            Path folder = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "ecdkit-fuzz-")
                    : Files.createTempDirectory("ecdkit-fuzz-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
