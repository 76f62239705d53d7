package org.ecdkit.core.model;

import java.util.Arrays;
import java.util.Optional;

/** The element type of a tensor, named as NumPy does ("float32"), whatever the framework's own enum. */
public enum ElementType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8),
    FLOAT16("float16", 2),
    BFLOAT16("bfloat16", 2),
    FLOAT8("float8", 1),
    INT8("int8", 1),
    UINT8("uint8", 1),
    INT16("int16", 2),
    UINT16("uint16", 2),
    INT32("int32", 4),
    UINT32("uint32", 4),
    INT64("int64", 8),
    UINT64("uint64", 8),
    INT4("int4", 1),
    UINT4("uint4", 1),
    BOOL("bool", 1),
    STRING("string", 0),
    COMPLEX64("complex64", 8),
    COMPLEX128("complex128", 16),
    /** The file does not record the type (TorchScript inputs), or records one ecdkit does not know. */
    UNKNOWN("unknown", 0);

    private final String label;
    private final int bytes;

    ElementType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    public String label() {
        return label;
    }

    /** Bytes per element, or 0 where that is not fixed. */
    public int bytes() {
        return bytes;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16 || this == FLOAT8;
    }

    public boolean isInteger() {
        return switch (this) {
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, INT4, UINT4 -> true;
            default -> false;
        };
    }

    public static Optional<ElementType> byLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
