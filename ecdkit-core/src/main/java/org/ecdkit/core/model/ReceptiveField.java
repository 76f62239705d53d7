package org.ecdkit.core.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How far an output pixel of a model sees into its input: the side of the square of input pixels
 * that can change it (a stack of two 3 x 3 convolutions sees 5), or unbounded where a node mixes the
 * whole tile (a global pooling, a normalisation over space, a flattening). A tile's padding that
 * covers half of it minus one makes a tiled result equal the whole image's.
 *
 * @param pixels the side in input pixels, or empty when unbounded or not known
 * @param reason how it was found: the operators that widen it, or the one that makes it unbounded
 */
public record ReceptiveField(OptionalLong pixels, String reason) {

    public ReceptiveField {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(reason, "reason");
    }

    public static ReceptiveField bounded(long pixels, String reason) {
        return new ReceptiveField(OptionalLong.of(pixels), reason);
    }

    public static ReceptiveField unbounded(String reason) {
        return new ReceptiveField(OptionalLong.empty(), reason);
    }

    /** The context pixels each side of a tile's core needs so that no core pixel misses any of its field. */
    public OptionalLong padding() {
        return pixels.isPresent() ? OptionalLong.of(Math.max(0, pixels.getAsLong() / 2)) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        if (pixels.isEmpty()) {
            return "unbounded (" + reason + ")";
        }
        return pixels.getAsLong() + (pixels.getAsLong() == 1 ? " pixel (" : " pixels (") + reason + ")";
    }
}
