package org.ecdkit.model.flatbuffers;

import java.util.Optional;

/**
 * A table of a {@link FlatBuffer}: fields are addressed by their index in the schema (the order of
 * declaration, from 0); absent fields give the schema's default.
 */
public final class FlatTable {

    private final FlatBuffer buffer;
    private final int position;
    private final int vtable;
    private final int vtableSize;
    private final int tableSize;
    private final String what;

    FlatTable(FlatBuffer buffer, int position, int vtable, int vtableSize, int tableSize, String what) {
        this.buffer = buffer;
        this.position = position;
        this.vtable = vtable;
        this.vtableSize = vtableSize;
        this.tableSize = tableSize;
        this.what = what;
    }

    /** Where field {@code field} lies, or -1 when the table does not have it. */
    private int field(int field) {
        int entry = 4 + 2 * field;
        if (entry + 2 > vtableSize) {
            return -1;
        }
        int offset = buffer.uint16(vtable + entry);
        if (offset == 0) {
            return -1;
        }
        if (offset >= tableSize) {
            throw buffer.invalid(position, what + ": field " + field + " lies outside its table");
        }
        return position + offset;
    }

    public boolean has(int field) {
        return field(field) >= 0;
    }

    public int int32(int field, int fallback) {
        int at = field(field);
        return at < 0 ? fallback : buffer.int32(at, what);
    }

    public long uint32(int field, long fallback) {
        int at = field(field);
        return at < 0 ? fallback : buffer.uint32(at, what);
    }

    public float float32(int field, float fallback) {
        int at = field(field);
        return at < 0 ? fallback : buffer.float32(at, what);
    }

    public long int64(int field, long fallback) {
        int at = field(field);
        return at < 0 ? fallback : buffer.int64(at, what);
    }

    public byte int8(int field, byte fallback) {
        int at = field(field);
        return at < 0 ? fallback : buffer.int8(at, what);
    }

    public boolean bool(int field, boolean fallback) {
        int at = field(field);
        return at < 0 ? fallback : buffer.int8(at, what) != 0;
    }

    public Optional<String> string(int field, int maxLength) {
        int at = field(field);
        return at < 0 ? Optional.empty() : Optional.of(buffer.string(at, maxLength, what + " field " + field));
    }

    public Optional<FlatTable> table(int field, String name) {
        int at = field(field);
        return at < 0 ? Optional.empty() : Optional.of(buffer.table(at, name));
    }

    /** A vector field of elements of {@code elementSize} bytes (4 for tables, strings and ints); empty when absent. */
    public FlatVector vector(int field, int elementSize, String name) {
        return vector(field, elementSize, name, Integer.MAX_VALUE);
    }

    /** A vector field refused when it has more than {@code maxLength} elements (a shape of rank 10 000). */
    public FlatVector vector(int field, int elementSize, String name, int maxLength) {
        int at = field(field);
        if (at < 0) {
            return FlatVector.empty(buffer, name);
        }
        int start = buffer.follow(at, name);
        long length = buffer.uint32(start, name);
        if (length > maxLength) {
            throw buffer.invalid(start, name + ": " + length + " elements; ecdkit reads at most " + maxLength);
        }
        buffer.check(start + 4L, length * elementSize, name + " of " + length + " elements");
        return new FlatVector(buffer, start + 4, (int) length, elementSize, name);
    }
}
