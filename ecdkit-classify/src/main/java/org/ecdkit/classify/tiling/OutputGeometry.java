package org.ecdkit.classify.tiling;

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
        if (out == in) {
            return SAME;
        }
        if (out < in && (in - out) % 2 == 0 && out > 0) {
            return new OutputGeometry((in - out) / 2, 1);
        }
        if (out > 0 && in % out == 0) {
            return new OutputGeometry(0, in / out);
        }
        throw new IllegalArgumentException("the model turns " + in + " input pixels into " + out
                + " output pixels, neither the same grid, a centred crop nor a whole factor coarser");
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
