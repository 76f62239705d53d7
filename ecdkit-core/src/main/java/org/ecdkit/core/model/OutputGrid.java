package org.ecdkit.core.model;

import java.util.Optional;

/**
 * The fixed sides (-1 where free) of an image input and of an output that both have rows and
 * columns, to tell whether the output is a map of the input's pixels. Shapes alone can mislead: an
 * SSD's anchor list {@code [1, 896, 16]} reads as rows and columns, but not against a 128 x 128
 * input. An output larger than its input is no class map at all; one that is smaller but neither a
 * centred crop nor a whole factor coarser (a valid convolution with an even kernel) may be one, but
 * ecdkit's classify cannot place its pixels.
 */
public record OutputGrid(long inHeight, long inWidth, long outHeight, long outWidth) {

    /** The sides of {@code image} and {@code output}, when both layouts have rows and columns. */
    public static Optional<OutputGrid> of(TensorSpec image, TensorSpec output) {
        Layout in = image.layout().layout();
        Layout out = output.layout().layout();
        if (in.heightAxis().isEmpty() || in.widthAxis().isEmpty() || out.heightAxis().isEmpty()
                || out.widthAxis().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OutputGrid(side(image, in.heightAxis().getAsInt()), side(image, in.widthAxis().getAsInt()),
                side(output, out.heightAxis().getAsInt()), side(output, out.widthAxis().getAsInt())));
    }

    /** Whether a side of {@code output} is fixed and larger than the same side of {@code image}. */
    public static boolean largerThanInput(TensorSpec image, TensorSpec output) {
        return of(image, output).filter(OutputGrid::largerThanInput).isPresent();
    }

    /** Whether a fixed side of the output exceeds the input's. */
    public boolean largerThanInput() {
        return larger(inHeight, outHeight) || larger(inWidth, outWidth);
    }

    /**
     * Whether classify can place every output pixel on the input's grid (or cannot tell, where a side
     * is free).
     */
    public boolean placed() {
        return placed(inHeight, outHeight) && placed(inWidth, outWidth);
    }

    /** Width by height, as GIS users say it: "16 x 896" for an output [1, 896, 16] read as NHW. */
    public String outputSize() {
        return size(outWidth) + " x " + size(outHeight);
    }

    public String inputSize() {
        return size(inWidth) + " x " + size(inHeight);
    }

    private static boolean larger(long in, long out) {
        return in >= 0 && out > in;
    }

    private static boolean placed(long in, long out) {
        return in < 0 || out < 0 || OutputGeometry.between(in, out).isPresent();
    }

    private static String size(long pixels) {
        return pixels < 0 ? "?" : Long.toString(pixels);
    }

    /** The fixed size of {@code axis}, or -1 where it is free or the shape does not reach it (unknown rank). */
    private static long side(TensorSpec tensor, int axis) {
        if (!tensor.shape().rankKnown() || axis >= tensor.shape().rank()) {
            return -1;
        }
        return tensor.shape().dim(axis).sizeOrMinusOne();
    }
}
