package org.ecdkit.classify.merge;

import org.ecdkit.classify.decode.TileDecoder;
import org.ecdkit.inference.tiling.EncodedTile;

/** Turns decided tiles, in row-major order, into final rows of the classified image. */
public interface TileMerge {

    /**
     * Takes one tile's result: {@code output} is its batch's model output and {@code decoder} reads the
     * tile's slot in it; for a skipped (all nodata) tile, {@code output} is null.
     */
    void accept(EncodedTile tile, float[] output, TileDecoder decoder);
}
