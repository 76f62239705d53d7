package org.ecdkit.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ecdkit.core.error.StorageException;

/**
 * An output being written: a hidden temporary file in the target's own folder that becomes the
 * target only on {@link #commit()}, by an atomic rename. Closing without committing deletes it, and
 * so does a JVM stopped by Ctrl-C or SIGTERM ({@link ExitCleanup}), so a failure never leaves a
 * half-written output (SIGKILL aside), and an existing target is replaced only by a complete file.
 *
 * <p>Create one with {@link AtomicOutput#create}.
 */
public final class PendingFile implements AutoCloseable {

    private final Path target;
    private final Path destination;
    private final Path temporary;
    private final FileChannel channel;
    private boolean finished;

    PendingFile(Path target, Path destination, Path temporary, FileChannel channel) {
        this.target = target;
        this.destination = destination;
        this.temporary = temporary;
        this.channel = channel;
    }

    /** The output as the caller named it. */
    public Path target() {
        return target;
    }

    /** Where the output lands on commit: the target, or the file a link named as the target leads to. */
    public Path destination() {
        return destination;
    }

    /** Where the bytes go until commit; callers never need it but tests and messages may. */
    public Path temporary() {
        return temporary;
    }

    /** The channel to write to, positioned at 0. Positional writes are fine. */
    public FileChannel channel() {
        return channel;
    }

    /**
     * An unbuffered stream over the channel; wrap it in a buffer for small writes. Closing it (as a
     * wrapping zip or compressor stream does when it finishes) leaves the file open for
     * {@link #commit()}, which alone closes it.
     */
    public OutputStream stream() {
        return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws java.io.IOException {
                flush();
            }
        };
    }

    /** Flushes to disk and renames the temporary file over the target. */
    public void commit() {
        if (finished) {
            throw new IllegalStateException("already " + (Files.exists(destination) ? "committed" : "closed"));
        }
        try {
            channel.force(true);
            channel.close();
            try {
                Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING);
            }
            finished = true;
            ExitCleanup.release(temporary);
        } catch (IOException e) {
            close();
            throw StorageException.of("write", target, e);
        }
    }

    /** Deletes the temporary file unless committed; safe to call more than once. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // The file is being discarded; a failure to close it changes nothing for the user.
        }
        try {
            Files.deleteIfExists(temporary);
            ExitCleanup.release(temporary);
        } catch (IOException ignored) {
            // Nothing more can be done now; the exit cleanup tries again. The name starts with a dot and ends in .partial.
        }
    }
}
