package org.ecdkit.core.zip;

/**
 * One entry of a zip archive's central directory, checked: its name is a safe relative path, its
 * sizes are within the archive's limits and its data lies inside the file.
 *
 * @param name           the entry's path inside the archive, '/'-separated ("model/saved_model.pb")
 * @param method         0 stored, 8 deflated
 * @param compressedSize bytes of data in the archive
 * @param size           bytes once uncompressed
 * @param crc32          the CRC-32 of the uncompressed bytes
 * @param localHeader    offset of the entry's local header
 * @param link           whether the entry is a symbolic link (Unix mode in the external attributes)
 */
public record ZipEntryInfo(String name, int method, long compressedSize, long size, long crc32, long localHeader,
        boolean link) {

    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    public boolean directory() {
        return name.endsWith("/");
    }

    /** The last segment of the name, without a trailing '/'. */
    public String fileName() {
        String trimmed = directory() ? name.substring(0, name.length() - 1) : name;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
