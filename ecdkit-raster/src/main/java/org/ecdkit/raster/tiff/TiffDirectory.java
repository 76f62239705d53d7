package org.ecdkit.raster.tiff;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.error.Place;

/** An image file directory (IFD) with typed, bounded access to its values. */
final class TiffDirectory {

    private final TiffFile file;
    private final long offset;
    private final Map<Integer, TiffEntry> entries;

    TiffDirectory(TiffFile file, long offset) {
        this.file = file;
        this.offset = offset;
        this.entries = file.readDirectory(offset);
    }

    boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /** The single integer value of {@code tag}, or {@code fallback} when absent. */
    long integer(int tag, long fallback) {
        TiffEntry entry = entries.get(tag);
        if (entry == null) {
            return fallback;
        }
        long[] values = integers(tag, 1 << 16);
        if (values.length == 0) {
            throw file.invalid(offset, TiffTag.name(tag) + " has no value");
        }
        return values[0];
    }

    long requiredInteger(int tag) {
        if (!has(tag)) {
            throw file.invalid(offset, "no " + TiffTag.name(tag) + " tag; not a valid TIFF image");
        }
        return integer(tag, 0);
    }

    /** All integer values of {@code tag}; at most {@code maxCount} are accepted. */
    long[] integers(int tag, long maxCount) {
        TiffEntry entry = bounded(tag, maxCount);
        if (entry == null) {
            return new long[0];
        }
        ByteBuffer bytes = bytes(entry);
        long[] values = new long[(int) entry.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (entry.type()) {
                case FieldType.BYTE, FieldType.UNDEFINED -> bytes.get(i) & 0xFF;
                case FieldType.SBYTE -> bytes.get(i);
                case FieldType.SHORT -> bytes.getShort(2 * i) & 0xFFFF;
                case FieldType.SSHORT -> bytes.getShort(2 * i);
                case FieldType.LONG, FieldType.IFD -> bytes.getInt(4 * i) & 0xFFFF_FFFFL;
                case FieldType.SLONG -> bytes.getInt(4 * i);
                case FieldType.LONG8, FieldType.SLONG8, FieldType.IFD8 -> bytes.getLong(8 * i);
                default -> throw new UnsupportedInputException(file.origin.at(offset, ""),
                        TiffTag.name(tag) + " has field type " + entry.type() + " where an integer is expected");
            };
        }
        return values;
    }

    /** All values of {@code tag} as doubles (DOUBLE, FLOAT, RATIONAL or integer types). */
    double[] doubles(int tag, long maxCount) {
        TiffEntry entry = bounded(tag, maxCount);
        if (entry == null) {
            return null;
        }
        ByteBuffer bytes = bytes(entry);
        double[] values = new double[(int) entry.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (entry.type()) {
                case FieldType.DOUBLE -> bytes.getDouble(8 * i);
                case FieldType.FLOAT -> bytes.getFloat(4 * i);
                case FieldType.RATIONAL -> (bytes.getInt(8 * i) & 0xFFFF_FFFFL) / (double) (bytes.getInt(8 * i + 4) & 0xFFFF_FFFFL);
                case FieldType.SRATIONAL -> bytes.getInt(8 * i) / (double) bytes.getInt(8 * i + 4);
                default -> integers(tag, maxCount)[i];
            };
        }
        return values;
    }

    String ascii(int tag, int maxLength) {
        TiffEntry entry = entries.get(tag);
        if (entry == null) {
            return null;
        }
        if (entry.count() > maxLength) {
            throw file.invalid(offset, TiffTag.name(tag) + " holds " + entry.count() + " characters, more than " + maxLength);
        }
        ByteBuffer bytes = bytes(entry);
        byte[] text = new byte[(int) entry.count()];
        bytes.get(0, text);
        int end = text.length;
        while (end > 0 && text[end - 1] == 0) {
            end--;
        }
        return new String(text, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The raw bytes of {@code tag} (JPEGTables), at most {@code maxLength}; null when absent. */
    byte[] bytes(int tag, int maxLength) {
        TiffEntry entry = bounded(tag, maxLength);
        if (entry == null) {
            return null;
        }
        ByteBuffer bytes = bytes(entry);
        byte[] result = new byte[(int) entry.byteLength()];
        bytes.get(0, result);
        return result;
    }

    /** The entry of {@code tag}, null when absent; one of more than {@code maxCount} values is refused before it is read. */
    private TiffEntry bounded(int tag, long maxCount) {
        TiffEntry entry = entries.get(tag);
        if (entry != null && entry.count() > maxCount) {
            throw file.invalid(offset, TiffTag.name(tag) + " has " + entry.count() + " values, expected at most " + maxCount);
        }
        return entry;
    }

    private ByteBuffer bytes(TiffEntry entry) {
        if (entry.inline() != null) {
            return ByteBuffer.wrap(entry.inline()).order(file.order);
        }
        return file.read(entry.offset(), (int) entry.byteLength(), TiffTag.name(entry.tag()));
    }

    TiffFile file() {
        return file;
    }

    long offset() {
        return offset;
    }
}
