package org.ecdkit.core.model;

import java.util.Locale;
import java.util.OptionalInt;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;

/**
 * What ecdkit can feed an image input, checked on the 64-bit sizes a model declares before any is
 * narrowed to an int: a model that fixes its height at 2<sup>32</sup> + 512 pixels must be refused,
 * not read as 512. The limits are the class-info file's (formats.md): tile sides and band counts
 * up to 65,535 (TIFF's limits), batches up to 4,096 tiles.
 */
public final class TensorLimits {

    /** The longest tile side ecdkit feeds. */
    public static final long MAX_TILE_SIDE = 65_535;
    /** The most bands a tile carries. */
    public static final long MAX_BANDS = 65_535;
    /** The largest batch of tiles per call. */
    public static final long MAX_BATCH = 4_096;

    private TensorLimits() {
    }

    /** Refuses {@code image} when a fixed size of it is beyond these limits; {@code place} names where it was read. */
    public static void check(Place place, TensorSpec image) {
        Layout layout = image.layout().layout();
        if (!image.shape().rankKnown()) {
            return;
        }
        checkAxis(place, image, layout.heightAxis(), "height", MAX_TILE_SIDE, "pixels; ecdkit feeds tiles of at most");
        checkAxis(place, image, layout.widthAxis(), "width", MAX_TILE_SIDE, "pixels; ecdkit feeds tiles of at most");
        checkAxis(place, image, layout.channelAxis(), "band count", MAX_BANDS, "; ecdkit feeds at most");
        checkAxis(place, image, layout.hasBatchAxis() ? OptionalInt.of(0) : OptionalInt.empty(), "batch size", MAX_BATCH,
                "tiles; ecdkit sends at most");
    }

    private static void checkAxis(Place place, TensorSpec image, OptionalInt axis, String what, long max, String limit) {
        if (axis.isEmpty() || axis.getAsInt() >= image.shape().rank()) {
            return;
        }
        long size = image.shape().dim(axis.getAsInt()).sizeOrMinusOne();
        if (size > max) {
            throw new UnsupportedInputException(place, String.format(Locale.ROOT, "input \"%s\" %s fixes its %s at %,d %s %,d",
                    image.name(), image.shape(), what, size, limit, max));
        }
    }
}
