package org.ecdkit.core.model;

import java.util.Optional;

/**
 * How a model's output pixels relate to its input pixels: the same grid, the same grid cropped by
 * {@code crop} pixels on each side (a model that discards its own border, Esri's ModelPadding), or a
 * grid {@code factor} times coarser (each output pixel decides a factor x factor block).
 *
 * @param crop   pixels the model drops at each edge
 * @param factor the input pixels per output pixel along each axis
 */
public record OutputGeometry(int crop, int factor) {

    public static final OutputGeometry SAME = new OutputGeometry(0, 1);

    /** Relates an output of {@code out} pixels to an input of {@code in} pixels along one axis. */
    public static OutputGeometry relate(int in, int out) {
        return between(in, out).orElseThrow(() -> new IllegalArgumentException("the model turns " + in + " input pixels "
                + "into " + out + " output pixels, neither the same grid, a centred crop nor a whole factor coarser"));
    }

    /**
     * How {@code out} output pixels relate to {@code in} input pixels along one axis, if they do:
     * empty when the output is no map of the input's pixels (larger, or neither a centred crop nor
     * a whole factor coarser), as the anchor lists of a detector are.
     */
    public static Optional<OutputGeometry> between(long in, long out) {
        if (out == in) {
            return Optional.of(SAME);
        }
        if (out > 0 && out < in && (in - out) % 2 == 0) {
            return Optional.of(new OutputGeometry((int) ((in - out) / 2), 1));
        }
        if (out > 0 && out < in && in % out == 0) {
            return Optional.of(new OutputGeometry(0, (int) (in / out)));
        }
        return Optional.empty();
    }

    /** The output position deciding input position {@code u} (relative to the tile), or -1 outside. */
    public int outputOf(int u, int outputSize) {
        int o = factor == 1 ? u - crop : u / factor;
        return o >= 0 && o < outputSize ? o : -1;
    }

    @Override
    public String toString() {
        if (crop == 0 && factor == 1) {
            return "output on the input grid";
        }
        return crop > 0 ? "the model crops " + crop + " pixels at each edge" : "output " + factor + " times coarser than the input";
    }
}
