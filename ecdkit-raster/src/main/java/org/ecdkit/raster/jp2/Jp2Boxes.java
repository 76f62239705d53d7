package org.ecdkit.raster.jp2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.io.ByteRanges;

/**
 * What ecdkit takes from a JPEG 2000 file's boxes (ISO 15444-1 annex I) before any pixel is decoded:
 * whether the codestream is whole, and the GeoJP2 box (a UUID box holding a degenerate 1 x 1 GeoTIFF,
 * which GDAL writes by default). A bare codestream (.j2k, .j2c) has no boxes and no georeferencing.
 *
 * @param geoTiff the GeoJP2 box's TIFF bytes, if the file has one
 * @param gml     the GMLJP2 XML (an {@code xml } box inside an {@code asoc} box holding a RectifiedGrid), if any
 */
record Jp2Boxes(Optional<byte[]> geoTiff, Optional<byte[]> gml) {

    /** The JP2 signature box: length 12, type "jP  ", then CR LF 0x87 LF. */
    static final byte[] SIGNATURE = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};
    /** A bare codestream starts with SOC (FF4F) then SIZ (FF51). */
    static final byte[] CODESTREAM = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51};
    /** GeoJP2's UUID: b14bf8bd-083d-4b43-a5ae-8cd7d5a6ce03. */
    static final byte[] GEOJP2_UUID = {(byte) 0xB1, 0x4B, (byte) 0xF8, (byte) 0xBD, 0x08, 0x3D, 0x4B, 0x43, (byte) 0xA5, (byte) 0xAE,
        (byte) 0x8C, (byte) 0xD7, (byte) 0xD5, (byte) 0xA6, (byte) 0xCE, 0x03};
    /** The largest GeoJP2 box read: its TIFF holds a few tags, never megabytes. */
    static final int MAX_GEOJP2_BYTES = 1 << 20;
    /** More top-level boxes than any real file has; a larger count is a corrupt file. */
    private static final int MAX_BOXES = 4096;

    static Jp2Boxes read(ByteRanges file, Path path) {
        try {
            byte[] head = bytes(file, 0, (int) Math.min(12, file.size()));
            if (startsWith(head, CODESTREAM)) {
                requireEnd(file, path, file.size(), "the codestream");
                return new Jp2Boxes(Optional.empty(), Optional.empty());
            }
            Optional<byte[]> geoTiff = Optional.empty();
            Optional<byte[]> gml = Optional.empty();
            boolean codestream = false;
            long at = 0;
            for (int boxes = 0; at < file.size(); boxes++) {
                if (boxes > MAX_BOXES || at + 8 > file.size()) {
                    throw new InvalidInputException(Place.at(path, at, ""), boxes > MAX_BOXES ? "more than " + MAX_BOXES + " boxes"
                            : "a box header runs past the end of the file (" + file.size() + " bytes): truncated?");
                }
                ByteBuffer header = ByteBuffer.wrap(bytes(file, at, 8));
                long length = header.getInt(0) & 0xFFFF_FFFFL;
                String type = new String(Arrays.copyOfRange(header.array(), 4, 8), java.nio.charset.StandardCharsets.ISO_8859_1);
                int headerBytes = 8;
                if (length == 1) {
                    length = ByteBuffer.wrap(bytes(file, at + 8, 8)).getLong();
                    headerBytes = 16;
                } else if (length == 0) {
                    length = file.size() - at;
                }
                if (length < headerBytes || at + length > file.size()) {
                    throw new InvalidInputException(Place.at(path, at, "box '" + type.strip() + "'"), "of " + length
                            + " bytes runs past the end of the file (" + file.size() + " bytes): truncated?");
                }
                if (type.equals("jp2c")) {
                    requireEnd(file, path, at + length, "the codestream");
                    codestream = true;
                } else if (type.equals("asoc") && gml.isEmpty() && length - headerBytes <= MAX_GML_BYTES) {
                    gml = rectifiedGrid(bytes(file, at + headerBytes, (int) (length - headerBytes)), 0);
                } else if (type.equals("uuid") && length - headerBytes > 16 && length - headerBytes <= MAX_GEOJP2_BYTES + 16
                        && geoTiff.isEmpty()) {
                    byte[] content = bytes(file, at + headerBytes, (int) (length - headerBytes));
                    if (startsWith(content, GEOJP2_UUID)) {
                        geoTiff = Optional.of(Arrays.copyOfRange(content, 16, content.length));
                    }
                }
                at += length;
            }
            if (!codestream) {
                throw new InvalidInputException(Place.of(path), "a JP2 file without a codestream box (jp2c)");
            }
            return new Jp2Boxes(geoTiff, gml);
        } catch (IOException e) {
            throw StorageException.of("read", path, e);
        }
    }

    /** The largest association box looked into for GMLJP2; Sentinel-2's are a few kB. */
    static final int MAX_GML_BYTES = 4 << 20;

    /**
     * The first {@code xml } box holding a RectifiedGrid among {@code content}'s boxes, looking into
     * nested association boxes (GMLJP2 puts the GML two levels down); empty where there is none.
     * Boxes that do not fit are passed over: they hold no georeferencing ecdkit reads.
     */
    private static Optional<byte[]> rectifiedGrid(byte[] content, int depth) {
        int at = 0;
        while (depth < 4 && at + 8 <= content.length) {
            long length = ByteBuffer.wrap(content, at, 4).getInt() & 0xFFFF_FFFFL;
            String type = new String(content, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int headerBytes = 8;
            if (length == 0) {
                length = content.length - at;
            }
            if (length < headerBytes || at + length > content.length) {
                return Optional.empty();
            }
            byte[] inner = Arrays.copyOfRange(content, at + headerBytes, (int) (at + length));
            if (type.equals("xml ") && new String(inner, java.nio.charset.StandardCharsets.UTF_8).contains("RectifiedGrid")) {
                return Optional.of(inner);
            }
            if (type.equals("asoc")) {
                Optional<byte[]> found = rectifiedGrid(inner, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            at += (int) length;
        }
        return Optional.empty();
    }

    /** A codestream must end with its EOC marker (FFD9): a file cut short mid-codestream would otherwise decode partly grey. */
    private static void requireEnd(ByteRanges file, Path path, long end, String what) throws IOException {
        byte[] last = bytes(file, end - 2, 2);
        if ((last[0] & 0xFF) != 0xFF || (last[1] & 0xFF) != 0xD9) {
            throw new InvalidInputException(Place.at(path, end - 2, ""), what + " does not end with its end-of-codestream marker "
                    + "(FFD9): truncated?");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] bytes(ByteRanges file, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        file.read(buffer, at);
        return buffer.array();
    }
}
