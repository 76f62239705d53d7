package org.ecdkit.raster.io;

import java.io.EOFException;
import java.nio.ByteBuffer;

/** Bytes already in memory (a TIFF inside a JPEG 2000 box), read like a file. */
public final class ArrayRanges implements ByteRanges {

    private final String name;
    private final byte[] bytes;

    public ArrayRanges(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void read(ByteBuffer target, long position) throws EOFException {
        if (position < 0 || position + target.remaining() > bytes.length) {
            throw new EOFException("the bytes end at " + bytes.length);
        }
        target.put(bytes, (int) position, target.remaining());
    }

    @Override
    public void close() {
        // Nothing is held but memory.
    }
}
