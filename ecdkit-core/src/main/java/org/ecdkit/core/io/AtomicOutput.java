package org.ecdkit.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
        Path destination = checkTarget(target, inputs);
        Path folder = folderOf(destination);
        Path temporary = null;
        try {
            // Not Files.createTempFile: it makes the file readable by its owner only, and the output
            // would keep that mode. A plain new file gets the permissions the user's umask gives.
            temporary = folder.resolve("." + destination.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".partial");
            FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ExitCleanup.register(temporary);
            return new PendingFile(target, destination, temporary, channel);
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

    /**
     * Checks that {@code target} can be written without losing anything, and returns where its bytes
     * will go: the target itself, or, when it is a symbolic link, the file the link leads to (the
     * link stays, as with GDAL). Refused: a folder, a missing folder, an existing path that is not a
     * regular file (a named pipe, a device: renaming a file over it would replace the system's node),
     * a link into /proc (standard output and its kin), and any of the {@code inputs}.
     */
    public static Path checkTarget(Path target, Collection<Path> inputs) {
        Path destination = destination(target);
        Path folder = folderOf(destination);
        if (!Files.isDirectory(folder)) {
            throw new StorageException("cannot write " + target + ": folder " + folder + " does not exist", null);
        }
        FileKind kind = FileKind.of(destination);
        if (kind == FileKind.FOLDER) {
            throw new UsageException("cannot write " + target + ": it is a folder; give a file name");
        }
        if (kind != FileKind.REGULAR && kind != FileKind.MISSING) {
            throw new UsageException("refusing to write " + target + (destination.equals(target) ? "" : " (a link to "
                    + destination + ")") + ": it is " + kind.description() + "; ecdkit writes its outputs to regular files");
        }
        for (Path input : inputs) {
            if (input != null && (sameFile(target, input) || sameFile(destination, input))) {
                throw new UsageException("refusing to write " + target + ": it is also an input (" + input
                        + "); choose another output path");
            }
        }
        return destination;
    }

    /**
     * Checks several outputs of one command at once: each as {@link #checkTarget}, and no two the same
     * file (a preview named like the output's attribute table would replace it).
     */
    public static void checkTargets(List<Path> targets, Collection<Path> inputs) {
        List<Path> destinations = new ArrayList<>();
        for (Path target : targets) {
            Path destination = checkTarget(target, inputs);
            for (int i = 0; i < destinations.size(); i++) {
                if (sameFile(destination, destinations.get(i))) {
                    throw new UsageException("refusing to write " + target + " twice: it is also the command's output "
                            + targets.get(i) + "; choose another name");
                }
            }
            destinations.add(destination);
        }
    }

    /** Where a write to {@code target} lands: symbolic links followed to the path they lead to. */
    static Path destination(Path target) {
        Path current = target.toAbsolutePath().normalize();
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops == 40) {
                throw new UsageException("cannot write " + target + ": too many levels of symbolic links");
            }
            try {
                current = current.resolveSibling(Files.readSymbolicLink(current)).normalize();
            } catch (IOException e) {
                throw StorageException.of("follow the link", target, e);
            }
            if (current.startsWith("/proc")) {
                throw new UsageException("refusing to write " + target + ": it leads to " + current + " (standard output "
                        + "or another process's file); ecdkit writes its outputs to regular files");
            }
        }
        return current;
    }

    private static Path folderOf(Path target) {
        Path parent = target.toAbsolutePath().normalize().getParent();
        return parent == null ? target.toAbsolutePath().getRoot() : parent;
    }

    /** Whether {@code a} and {@code b} name the same file, by identity where both exist, else by path. */
    public static boolean sameFile(Path a, Path b) {
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
