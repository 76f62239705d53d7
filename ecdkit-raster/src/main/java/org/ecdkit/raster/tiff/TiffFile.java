package org.ecdkit.raster.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.io.ByteRanges;
import org.ecdkit.raster.io.FileRanges;

/**
 * A TIFF or BigTIFF file opened for positional reads: its header (byte order, flavour, first IFD)
 * and reads at offsets that are always checked against the file's size, so a truncated file or an
 * offset past its end is an error naming the offset, never a hang or a huge allocation.
 */
final class TiffFile implements AutoCloseable {

    /** More entries than any real IFD has; a larger count is a corrupt file. */
    private static final int MAX_ENTRIES = 4096;

    /** The local file, or null for bytes from elsewhere (a URL, an S3 object). */
    final Path path;
    /** Where errors point: the file, or the object as the user named it. */
    final Place origin;
    final ByteRanges ranges;
    final long size;
    final ByteOrder order;
    final boolean bigTiff;
    final long firstDirectory;

    private TiffFile(Path path, Place origin, ByteRanges ranges, ByteOrder order, boolean bigTiff, long firstDirectory) {
        this.path = path;
        this.origin = origin;
        this.ranges = ranges;
        this.size = ranges.size();
        this.order = order;
        this.bigTiff = bigTiff;
        this.firstDirectory = firstDirectory;
    }

    static TiffFile open(Path path) {
        org.ecdkit.core.io.FileKind.requireRegularFile(path, "imagery");
        return open(FileRanges.open(path), path);
    }

    /** A TIFF read from {@code ranges}, which the TiffFile closes; {@code path} names it in messages. */
    static TiffFile open(ByteRanges ranges, Path path) {
        return open(ranges, path, Place.of(path));
    }

    /** A TIFF that is not a local file (a URL, an S3 object), read from {@code ranges}, which the TiffFile closes. */
    static TiffFile openRemote(ByteRanges ranges) {
        return open(ranges, null, Place.remote(ranges.name()));
    }

    private static TiffFile open(ByteRanges ranges, Path path, Place origin) {
        try {
            long size = ranges.size();
            if (size < 8) {
                throw new InvalidInputException(origin, "not a TIFF file: " + size + " bytes, too short for a TIFF header");
            }
            ByteBuffer header = ByteBuffer.allocate((int) Math.min(16, size));
            ranges.read(header, 0);
            header.flip();
            byte b0 = header.get(0);
            byte b1 = header.get(1);
            ByteOrder order;
            if (b0 == 'I' && b1 == 'I') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (b0 == 'M' && b1 == 'M') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new InvalidInputException(origin, "not a TIFF file (it does not start with II or MM)");
            }
            header.order(order);
            int magic = header.getShort(2) & 0xFFFF;
            TiffFile file;
            if (magic == 42) {
                file = new TiffFile(path, origin, ranges, order, false, header.getInt(4) & 0xFFFF_FFFFL);
            } else if (magic == 43) {
                if (size < 16 || header.getShort(4) != 8 || header.getShort(6) != 0) {
                    throw new InvalidInputException(origin, "a BigTIFF header with an unknown offset size");
                }
                file = new TiffFile(path, origin, ranges, order, true, header.getLong(8));
            } else {
                throw new InvalidInputException(origin, "not a TIFF file (version " + magic + ", expected 42 or 43)");
            }
            if (file.firstDirectory < 8 || file.firstDirectory >= size) {
                throw file.invalid(file.firstDirectory, "the first image directory lies outside the file (" + size + " bytes)");
            }
            return file;
        } catch (IOException e) {
            ranges.close();
            throw StorageException.of("read", origin.name(), e);
        } catch (RuntimeException e) {
            ranges.close();
            throw e;
        }
    }

    /** Reads the IFD at {@code offset}: its entries, by tag. */
    Map<Integer, TiffEntry> readDirectory(long offset) {
        int countSize = bigTiff ? 8 : 2;
        int entrySize = bigTiff ? 20 : 12;
        int count = entryCount(offset);
        ByteBuffer entries = read(offset + countSize, count * entrySize, "the image directory");
        Map<Integer, TiffEntry> result = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            int tag = entries.getShort(at) & 0xFFFF;
            int type = entries.getShort(at + 2) & 0xFFFF;
            long values = bigTiff ? entries.getLong(at + 4) : entries.getInt(at + 4) & 0xFFFF_FFFFL;
            int valueField = bigTiff ? 8 : 4;
            int valueAt = at + (bigTiff ? 12 : 8);
            int typeSize = FieldType.size(type);
            if (typeSize == 0 || values < 0) {
                continue; // An unknown field type: the entry cannot be interpreted, and none ecdkit needs has one.
            }
            if (values > size / typeSize) {
                throw invalid(offset, TiffTag.name(tag) + " claims " + values + " values, more than the file could hold");
            }
            if (values * typeSize <= valueField) {
                byte[] inline = new byte[valueField];
                entries.get(valueAt, inline);
                result.put(tag, new TiffEntry(tag, type, values, inline, -1));
            } else {
                long valueOffset = bigTiff ? entries.getLong(valueAt) : entries.getInt(valueAt) & 0xFFFF_FFFFL;
                result.put(tag, new TiffEntry(tag, type, values, null, valueOffset));
            }
        }
        return result;
    }

    /** How many entries the directory at {@code offset} has: 1 to {@link #MAX_ENTRIES}, else the file is corrupt. */
    private int entryCount(long offset) {
        ByteBuffer countBytes = read(offset, bigTiff ? 8 : 2, "the image directory");
        long count = bigTiff ? countBytes.getLong(0) : countBytes.getShort(0) & 0xFFFF;
        if (count < 1 || count > MAX_ENTRIES) {
            throw invalid(offset, "an image directory of " + count + " entries (corrupt?)");
        }
        return (int) count;
    }

    /** The offset of the directory after the one at {@code offset}; 0 where it is the last. */
    long nextDirectory(long offset) {
        long at = offset + (bigTiff ? 8 : 2) + (long) entryCount(offset) * (bigTiff ? 20 : 12);
        if (at + (bigTiff ? 8 : 4) > size) {
            return 0; // The offset left off at the very end of the file (ecdkit 0.1 wrote such files; GDAL reads them too).
        }
        ByteBuffer next = read(at, bigTiff ? 8 : 4, "the next directory's offset");
        long nextOffset = bigTiff ? next.getLong(0) : next.getInt(0) & 0xFFFF_FFFFL;
        if (nextOffset != 0 && (nextOffset < 8 || nextOffset >= size)) {
            throw invalid(at, "the next image directory lies outside the file (" + size + " bytes)");
        }
        return nextOffset;
    }

    /** Reads {@code length} bytes at {@code offset}, which must lie inside the file. */
    ByteBuffer read(long offset, int length, String what) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw invalid(offset, what + " (" + length + " bytes) runs past the end of the file (" + size + " bytes): truncated?");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        try {
            ranges.read(buffer, offset);
        } catch (java.io.EOFException e) {
            throw invalid(offset, what + " ends early: the file is shorter than it was (truncated?)");
        } catch (IOException e) {
            throw StorageException.of("read", origin.name(), e);
        }
        return buffer.flip();
    }

    InvalidInputException invalid(long offset, String problem) {
        return new InvalidInputException(origin.at(offset, ""), problem);
    }

    @Override
    public void close() {
        ranges.close();
    }
}
