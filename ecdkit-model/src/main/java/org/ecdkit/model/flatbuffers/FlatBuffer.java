package org.ecdkit.model.flatbuffers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;

/**
 * A FlatBuffer (flatbuffers.dev, "FlatBuffers internals") read without generated code and without
 * trusting it: every offset is checked to land inside the buffer and every vector's length against
 * the bytes left, before anything is read. Only the tables a caller walks to are touched, so a
 * memory-mapped file of any size costs the pages of those tables.
 *
 * <pre>{@code
 * FlatTable model = FlatBuffer.of(file, bytes).root();
 * long version = model.uint32(0, 0);
 * FlatVector subgraphs = model.vector(2);
 * }</pre>
 */
public final class FlatBuffer {

    private final Path file;
    private final ByteBuffer bytes;

    private FlatBuffer(Path file, ByteBuffer bytes) {
        this.file = file;
        this.bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static FlatBuffer of(Path file, ByteBuffer bytes) {
        return new FlatBuffer(file, bytes);
    }

    public int size() {
        return bytes.limit();
    }

    /** The 4-character file identifier after the root offset ("TFL3"), or empty when the buffer is too short. */
    public String identifier() {
        if (bytes.limit() < 8) {
            return "";
        }
        byte[] id = new byte[4];
        bytes.get(4, id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    public FlatTable root() {
        return table(0, "root table");
    }

    /** The table an offset field at {@code at} points to. */
    FlatTable table(int at, String what) {
        int position = follow(at, what);
        int vtableOffset = int32(position, what);
        long vtable = (long) position - vtableOffset;
        if (vtable < 0 || vtable + 4 > bytes.limit()) {
            throw invalid(position, what + ": its vtable lies outside the file");
        }
        int vtableSize = uint16((int) vtable);
        int tableSize = uint16((int) vtable + 2);
        if (vtableSize < 4 || (vtableSize & 1) != 0 || vtable + vtableSize > bytes.limit()) {
            throw invalid(position, what + ": a vtable of " + vtableSize + " bytes is malformed");
        }
        if ((long) position + tableSize > bytes.limit()) {
            throw invalid(position, what + ": a table of " + tableSize + " bytes runs past the end of the file");
        }
        return new FlatTable(this, position, (int) vtable, vtableSize, tableSize, what);
    }

    /** The position a uoffset stored at {@code at} points to, checked. */
    int follow(int at, String what) {
        long target = (long) at + uint32(at, what);
        if (target >= bytes.limit()) {
            throw invalid(at, what + ": an offset that points past the end of the file");
        }
        return (int) target;
    }

    int int32(int at, String what) {
        check(at, 4, what);
        return bytes.getInt(at);
    }

    long uint32(int at, String what) {
        return Integer.toUnsignedLong(int32(at, what));
    }

    long int64(int at, String what) {
        check(at, 8, what);
        return bytes.getLong(at);
    }

    ByteBuffer slice(int at, int length) {
        check(at, length, "a vector");
        return bytes.slice(at, length).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    float float32(int at, String what) {
        check(at, 4, what);
        return bytes.getFloat(at);
    }

    int uint16(int at) {
        check(at, 2, "a vtable");
        return Short.toUnsignedInt(bytes.getShort(at));
    }

    byte int8(int at, String what) {
        check(at, 1, what);
        return bytes.get(at);
    }

    String string(int at, int maxLength, String what) {
        int position = follow(at, what);
        long length = uint32(position, what);
        if (length > maxLength) {
            throw invalid(position, what + ": a string of " + length + " bytes; ecdkit reads at most " + maxLength);
        }
        check(position + 4, (int) length, what);
        byte[] text = new byte[(int) length];
        bytes.get(position + 4, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    void check(long at, long length, String what) {
        if (at < 0 || length < 0 || at + length > bytes.limit()) {
            throw invalid((int) Math.max(0, Math.min(at, Integer.MAX_VALUE)), what + " runs past the end of the file "
                    + "(the file is truncated or damaged)");
        }
    }

    InvalidInputException invalid(int at, String problem) {
        return new InvalidInputException(Place.at(file, at, "FlatBuffer"), problem);
    }
}
