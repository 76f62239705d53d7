package org.ecdkit.model.hdf5;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ecdkit.core.error.StorageException;

/**
 * An HDF5 file held open to walk its groups and read its datasets: what reading a Keras model's
 * weights needs ({@link Hdf5File} reads the root attributes alone, and closes the file at once).
 * Holds a file channel: close it.
 */
public final class Hdf5Reader implements AutoCloseable {

    private final FileChannel channel;
    private final Hdf5Input in;
    private final Hdf5Group root;

    private Hdf5Reader(FileChannel channel, Hdf5Input in, Hdf5Group root) {
        this.channel = channel;
        this.in = in;
        this.root = root;
    }

    public static Hdf5Reader open(Path file) {
        return open(file, file);
    }

    /**
     * Opens {@code file}, naming it {@code name} in messages: a copy extracted from an archive is
     * named as the user knows it ("model.keras#model.weights.h5"), not by its scratch path.
     */
    public static Hdf5Reader open(Path file, Path name) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            Hdf5Input in = new Hdf5Input(channel, name);
            Superblock superblock = Superblock.read(in);
            Hdf5Group root = Hdf5Group.read(in, "/", superblock.rootObjectHeader());
            return new Hdf5Reader(channel, in, root);
        } catch (IOException e) {
            closeQuietly(channel);
            throw StorageException.of("read", file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path file() {
        return in.file();
    }

    public Hdf5Group root() {
        return root;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the error being reported matters more
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
