package org.ecdkit.raster.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one stored object read at any position: a local file, an array, or an object behind
 * HTTP range requests or S3. Readers of binary formats (TIFF, JPEG 2000) read through this, so a
 * format reads a remote object as it reads a file, fetching only the ranges it asks for. Safe to
 * read from several threads.
 */
public interface ByteRanges extends AutoCloseable {

    /** The object as the user named it (a path, a URL), for messages. */
    String name();

    /** The object's size in bytes. */
    long size();

    /**
     * Fills {@code target}'s remaining bytes from {@code position} on.
     *
     * @throws java.io.EOFException when the object ends first (it shrank since it was opened)
     * @throws IOException          when the bytes cannot be read
     */
    void read(ByteBuffer target, long position) throws IOException;

    @Override
    void close();
}
