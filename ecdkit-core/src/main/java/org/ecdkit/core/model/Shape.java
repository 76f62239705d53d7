package org.ecdkit.core.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of a tensor, in the row-major order the tensor is fed in (batch first where there is
 * one). A shape can have an unknown rank (TensorFlow's {@code unknown_rank}).
 */
public record Shape(List<Dim> dims, boolean rankKnown) {

    public Shape {
        dims = List.copyOf(dims);
        if (!rankKnown && !dims.isEmpty()) {
            throw new IllegalArgumentException("a shape of unknown rank has no dimensions");
        }
    }

    public static Shape of(List<Dim> dims) {
        return new Shape(dims, true);
    }

    public static Shape of(long... sizes) {
        return of(java.util.Arrays.stream(sizes).mapToObj(s -> s < 0 ? Dim.unknown() : Dim.of(s)).toList());
    }

    public static Shape unknownRank() {
        return new Shape(List.of(), false);
    }

    public int rank() {
        return rankKnown ? dims.size() : -1;
    }

    public Dim dim(int axis) {
        return dims.get(axis);
    }

    @Override
    public String toString() {
        if (!rankKnown) {
            return "[unknown rank]";
        }
        return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
