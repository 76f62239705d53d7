package org.ecdkit.model.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;

/**
 * Bounded random access to an HDF5 file: every read names what it reads, is checked against the
 * end of the file before a buffer is allocated, and is at most {@link #MAX_READ} bytes. Addresses
 * in HDF5 are relative to the superblock's base address; {@link #absolute} turns them into file
 * offsets.
 */
final class Hdf5Input {

    /** No structure ecdkit reads is larger: an attribute's value is bounded well below. */
    static final int MAX_READ = 256 << 20;

    private final FileChannel channel;
    private final Path file;
    private final long size;
    private long base;
    private int offsetSize = 8;
    private int lengthSize = 8;

    Hdf5Input(FileChannel channel, Path file) throws IOException {
        this.channel = channel;
        this.file = file;
        this.size = channel.size();
    }

    Path file() {
        return file;
    }

    long size() {
        return size;
    }

    void setSizes(long baseAddress, int offsets, int lengths) {
        this.base = baseAddress;
        this.offsetSize = offsets;
        this.lengthSize = lengths;
    }

    int offsetSize() {
        return offsetSize;
    }

    int lengthSize() {
        return lengthSize;
    }

    /** The file offset of an HDF5 address, checked to lie inside the file. */
    long absolute(long address, String what) {
        long offset = base + address;
        if (address < 0 || offset < 0 || offset >= size) {
            throw invalid(-1, what + " at address " + Long.toUnsignedString(address) + ", outside the file ("
                    + size + " bytes)");
        }
        return offset;
    }

    /** {@code length} bytes at file offset {@code offset}, little-endian. */
    ByteBuffer read(long offset, long length, String what) {
        if (length < 0 || length > MAX_READ) {
            throw invalid(offset, what + " of " + length + " bytes; ecdkit reads at most " + MAX_READ);
        }
        if (offset < 0 || offset + length > size) {
            throw invalid(offset, what + " runs past the end of the file (the file is truncated or damaged)");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long at = offset;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw invalid(at, what + " runs past the end of the file");
                }
                at += n;
            }
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        return buffer.flip();
    }

    /** An address field (size of offsets bytes); all ones, HDF5's "undefined", is -1. */
    long offset(ByteBuffer in) {
        return unsigned(in, offsetSize);
    }

    /** A length field (size of lengths bytes). */
    long length(ByteBuffer in) {
        return unsigned(in, lengthSize);
    }

    static long unsigned(ByteBuffer in, int bytes) {
        long value = 0;
        boolean allOnes = true;
        for (int i = 0; i < bytes; i++) {
            int b = Byte.toUnsignedInt(in.get());
            allOnes &= b == 0xFF;
            value |= (long) b << (8 * i);
        }
        return allOnes ? -1 : value;
    }

    InvalidInputException invalid(long offset, String problem) {
        return new InvalidInputException(offset < 0 ? Place.of(file) : Place.at(file, offset, "HDF5"), problem);
    }
}
