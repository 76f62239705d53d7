package org.ecdkit.core.model;

/**
 * One dimension of a tensor shape: a fixed size, a symbolic name shared by tensors that must
 * agree ("batch", "height"), or unknown.
 */
public sealed interface Dim permits Dim.Fixed, Dim.Symbolic, Dim.Unknown {

    static Dim of(long size) {
        return new Fixed(size);
    }

    static Dim symbolic(String name) {
        return new Symbolic(name);
    }

    static Dim unknown() {
        return Unknown.INSTANCE;
    }

    default boolean isFixed() {
        return this instanceof Fixed;
    }

    /** The size if fixed, or -1. */
    default long sizeOrMinusOne() {
        return this instanceof Fixed fixed ? fixed.size() : -1;
    }

    /** A dimension of known size. */
    record Fixed(long size) implements Dim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("a dimension cannot be negative: " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** A dimension whose size is set at run time, named by the model. */
    record Symbolic(String name) implements Dim {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A dimension the model leaves free without a name ({@code -1} or {@code None}). */
    record Unknown() implements Dim {
        static final Unknown INSTANCE = new Unknown();

        @Override
        public String toString() {
            return "?";
        }
    }
}
