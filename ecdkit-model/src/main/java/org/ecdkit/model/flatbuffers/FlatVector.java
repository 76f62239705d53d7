package org.ecdkit.model.flatbuffers;

/** A vector of a {@link FlatBuffer}, its length checked against the bytes that hold it. */
public final class FlatVector {

    private final FlatBuffer buffer;
    private final int start;
    private final int length;
    private final int elementSize;
    private final String name;

    FlatVector(FlatBuffer buffer, int start, int length, int elementSize, String name) {
        this.buffer = buffer;
        this.start = start;
        this.length = length;
        this.elementSize = elementSize;
        this.name = name;
    }

    static FlatVector empty(FlatBuffer buffer, String name) {
        return new FlatVector(buffer, 0, 0, 4, name);
    }

    public int length() {
        return length;
    }

    private int at(int index) {
        if (index < 0 || index >= length) {
            throw buffer.invalid(start, name + "[" + index + "]: the vector has " + length + " elements");
        }
        return start + index * elementSize;
    }

    public int int32(int index) {
        return buffer.int32(at(index), name);
    }

    public int uint16(int index) {
        return buffer.uint16(at(index));
    }

    public byte int8(int index) {
        return buffer.int8(at(index), name);
    }

    public long int64(int index) {
        return buffer.int64(at(index), name);
    }

    /** The vector's bytes, unread until used: a weight buffer of a memory-mapped file stays on disk. */
    public java.nio.ByteBuffer bytes() {
        return buffer.slice(start, length * elementSize);
    }

    public FlatTable table(int index) {
        return buffer.table(at(index), name + "[" + index + "]");
    }

    public String string(int index, int maxLength) {
        return buffer.string(at(index), maxLength, name + "[" + index + "]");
    }
}
