package org.ecdkit.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;

/**
 * Writes outputs so that nothing is lost: the target is checked against every input (an output
 * never overwrites an input), its folder must exist, and the bytes go to a temporary file that
 * replaces the target only when complete (see {@link PendingFile}).
 */
public final class AtomicOutput {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicOutput() {
    }

    /** The body of a small output, written to a buffered stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a whole output in one go. */
    public static void write(Path target, Collection<Path> inputs, Body body) {
        try (PendingFile pending = create(target, inputs)) {
            try (OutputStream out = new BufferedOutputStream(pending.stream(), 1 << 16) {
                @Override
                public void close() throws IOException {
                    flush(); // the channel is closed by commit(), after force()
                }
            }) {
                body.writeTo(out);
            } catch (IOException e) {
                throw StorageException.of("write", target, e);
            }
            pending.commit();
        }
    }

    /** Starts an output to be written through a channel; commit it, or close it to discard. */
    public static PendingFile create(Path target, Collection<Path> inputs) {
        checkTarget(target, inputs);
        Path folder = folderOf(target);
        Path temporary = null;
        try {
            // Not Files.createTempFile: it makes the file readable by its owner only, and the output
            // would keep that mode. A plain new file gets the permissions the user's umask gives.
            temporary = folder.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".partial");
            FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ExitCleanup.register(temporary);
            return new PendingFile(target, temporary, channel);
        } catch (IOException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Reporting the first failure matters more.
                }
            }
            throw new StorageException("cannot write " + target + ": " + StorageException.describeFor(folder, e), e);
        }
    }

    /** Refuses a target that is a folder, lies in a missing folder, or is one of the inputs. */
    public static void checkTarget(Path target, Collection<Path> inputs) {
        Path folder = folderOf(target);
        if (!Files.isDirectory(folder)) {
            throw new StorageException("cannot write " + target + ": folder " + folder + " does not exist", null);
        }
        if (Files.isDirectory(target)) {
            throw new UsageException("cannot write " + target + ": it is a folder; give a file name");
        }
        for (Path input : inputs) {
            if (input != null && sameFile(target, input)) {
                throw new UsageException("refusing to write " + target + ": it is also an input (" + input
                        + "); choose another output path");
            }
        }
    }

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().normalize().getParent();
        return parent == null ? target.toAbsolutePath().getRoot() : parent;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Fall through to the lexical comparison.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
