package org.ecdkit.raster;

import java.nio.file.Path;

/**
 * A raster file format ecdkit reads, found with {@link java.util.ServiceLoader}: it recognises its
 * files by their first bytes (never by their name) and opens them as a {@link RasterSource}. A new
 * format (VRT, JPEG2000, a remote COG) is one more implementation listed in
 * {@code META-INF/services/org.ecdkit.raster.RasterFormat}; the pipelines need no change.
 */
public interface RasterFormat {

    /** The format's name, for messages ("GeoTIFF"). */
    String name();

    /**
     * Whether a file starting with {@code head} is this format's. {@code head} holds the file's first
     * {@link RasterSources#HEAD_BYTES} bytes, or all of a shorter file.
     */
    boolean recognises(byte[] head);

    /** Opens {@code file}, which {@link #recognises} accepted. */
    RasterSource open(Path file);

    /**
     * Opens {@code file} keeping at most about {@code cacheBytes} of decoded data cached: a mosaic
     * holds many members open at once, each with a share of its own budget.
     */
    default RasterSource open(Path file, long cacheBytes) {
        return open(file);
    }

    /**
     * Opens a raster that is not a local file (a URL, an S3 object) from {@code ranges}, which the
     * source then owns. Formats that read only local files refuse, naming the object.
     */
    default RasterSource open(org.ecdkit.raster.io.ByteRanges ranges, long cacheBytes) {
        ranges.close();
        throw new org.ecdkit.core.error.UnsupportedInputException(org.ecdkit.core.error.Place.remote(ranges.name()),
                name() + " is read from local files only; copy it here first");
    }
}
