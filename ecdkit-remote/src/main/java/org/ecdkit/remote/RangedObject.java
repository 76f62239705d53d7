package org.ecdkit.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.ecdkit.raster.io.ByteRanges;

/**
 * A stored object of known size read by ranged requests: each read one request for exactly the
 * bytes asked, tried again as {@link Retry} says, and refused when the answer is short.
 */
abstract class RangedObject implements ByteRanges {

    private final String location;
    private final long size;
    private final Retry retry;

    RangedObject(String location, long size, Retry retry) {
        this.location = location;
        this.size = size;
        this.retry = retry;
    }

    /** Requests bytes {@code from} to {@code to}, both included; the stream holds them, and is closed by the caller. */
    abstract InputStream fetch(long from, long to) throws IOException;

    @Override
    public String name() {
        return location;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(ByteBuffer target, long position) throws IOException {
        int length = target.remaining();
        if (length == 0) {
            return;
        }
        if (position < 0 || position + length > size) {
            throw new java.io.EOFException("bytes " + position + " to " + (position + length) + " lie past the end (" + size + " bytes)");
        }
        byte[] bytes = retry.run(() -> {
            try (InputStream body = fetch(position, position + length - 1)) {
                byte[] read = body.readNBytes(length);
                if (read.length != length) {
                    throw new Retry.Transient("the connection ended after " + read.length + " of " + length + " bytes");
                }
                return read;
            }
        });
        target.put(bytes);
    }

    @Override
    public void close() {
        // The client is the store's, shared by every object it opens.
    }
}
