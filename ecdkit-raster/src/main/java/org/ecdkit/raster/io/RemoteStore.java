package org.ecdkit.raster.io;

/**
 * Where rasters that are not local files are read from (HTTP servers, S3), found with
 * {@link java.util.ServiceLoader}: each store reads the locations of its schemes as {@link ByteRanges}.
 * The raster module has none; {@code ecdkit-remote} adds https, http and s3.
 */
public interface RemoteStore {

    /** Whether this store reads {@code location} ("https://host/a.tif", "s3://bucket/a.tif"). */
    boolean handles(String location);

    /**
     * Opens {@code location} for range reads: its size (and version, where the store has one) is
     * read now, so a missing object or a refused request fails before any run starts.
     */
    ByteRanges open(String location);
}
