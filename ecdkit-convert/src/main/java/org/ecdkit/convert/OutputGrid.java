package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.OutputGeometry;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;

/**
 * Whether a per-pixel output's grid is a map of the image input's pixels, where both fix their sides.
 * Shapes alone can mislead: an SSD's anchor list {@code [1, 896, 16]} reads as rows and columns, but
 * not against a 128 x 128 input. An output larger than its input is no class map at all; one that is
 * smaller but neither a centred crop nor a whole factor coarser (a valid convolution with an even
 * kernel) may be one, but ecdkit's classify cannot place its pixels.
 */
final class OutputGrid {

    private OutputGrid() {
    }

    /** Whether a side of {@code output} is fixed and larger than the same side of {@code image}. */
    static boolean largerThanInput(TensorSpec image, TensorSpec output) {
        return Sides.of(image, output).filter(s -> larger(s.inHeight, s.outHeight) || larger(s.inWidth, s.outWidth))
                .isPresent();
    }

    /** An error for an output larger than its input, a warning for one classify cannot place, else nothing. */
    static Optional<Finding> check(Path model, TensorSpec image, TensorSpec output) {
        Optional<Sides> unplaced = Sides.of(image, output)
                .filter(s -> !placed(s.inHeight, s.outHeight) || !placed(s.inWidth, s.outWidth));
        if (unplaced.isEmpty()) {
            return Optional.empty();
        }
        Sides sides = unplaced.get();
        String grids = "output \"" + output.name() + "\" " + output.shape() + " of " + model + ": its "
                + size(sides.outWidth) + " x " + size(sides.outHeight) + " grid is no map of input \"" + image.name() + "\"'s "
                + size(sides.inWidth) + " x " + size(sides.inHeight) + " pixels";
        if (largerThanInput(image, output)) {
            return Optional.of(Finding.error("output-grid", grids + " (it is larger): not a per-pixel classification"));
        }
        return Optional.of(Finding.warning("output-grid", grids + " (neither the same grid, a centred crop of it, nor a "
                + "whole factor coarser): ecdkit's classify will refuse to run it"));
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

    /** The fixed sides (-1 where free) of an image input and an output that both have spatial axes. */
    private record Sides(long inHeight, long inWidth, long outHeight, long outWidth) {

        static Optional<Sides> of(TensorSpec image, TensorSpec output) {
            Layout in = image.layout().layout();
            Layout out = output.layout().layout();
            if (in.heightAxis().isEmpty() || in.widthAxis().isEmpty() || out.heightAxis().isEmpty()
                    || out.widthAxis().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Sides(side(image, in.heightAxis().getAsInt()), side(image, in.widthAxis().getAsInt()),
                    side(output, out.heightAxis().getAsInt()), side(output, out.widthAxis().getAsInt())));
        }

        /** The fixed size of {@code axis}, or -1 where it is free or the shape does not reach it (unknown rank). */
        private static long side(TensorSpec tensor, int axis) {
            if (!tensor.shape().rankKnown() || axis >= tensor.shape().rank()) {
                return -1;
            }
            return tensor.shape().dim(axis).sizeOrMinusOne();
        }
    }
}
