package org.ecdkit.raster.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ecdkit.core.error.StorageException;

/** A local file's bytes, read with positional reads (no shared file pointer, so threads do not contend). */
public final class FileRanges implements ByteRanges {

    private final Path path;
    private final FileChannel channel;
    private final long size;

    private FileRanges(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    public static FileRanges open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw StorageException.of("read", path, e);
        }
        try {
            return new FileRanges(path, channel, channel.size());
        } catch (IOException e) {
            closeQuietly(channel);
            throw StorageException.of("read", path, e);
        }
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new EOFException("the file ends at byte " + at);
            }
            at += n;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Opened for reading only: closing cannot lose anything.
        }
    }
}
