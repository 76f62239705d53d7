package org.ecdkit.classify;

import java.io.Serializable;
import java.util.List;

/**
 * Rows {@code top} to {@code bottom} of a classified raster, computed on their own (by a cluster's
 * task): whole output tiles, encoded and deflated exactly as the one machine's writer stores them, in
 * row-major order, with the window's pixel counts. {@link ClassifyWindows#assemble} writes windows
 * into the one file; counts add up, tiles are copied, so nothing is decoded or re-encoded.
 *
 * @param index          the window's place in the image, from the top
 * @param top            its first row (a multiple of the output tile)
 * @param bottom         the row after its last
 * @param tilesAcross    output tiles per row
 * @param tiles          the encoded tiles, row after row
 * @param counts         pixels per class index
 * @param nodataPixels   pixels written as nodata
 * @param inferenceNanos time in the model
 * @param wallNanos      time the window took, start to end
 * @param batches        model calls
 */
public record ClassifiedWindow(int index, int top, int bottom, int tilesAcross, List<byte[]> tiles, long[] counts,
        long nodataPixels, long inferenceNanos, long wallNanos, int batches) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ClassifiedWindow {
        tiles = List.copyOf(tiles);
        counts = counts.clone();
        if (tilesAcross < 1 || tiles.size() % tilesAcross != 0) {
            throw new IllegalArgumentException(tiles.size() + " tiles are not whole rows of " + tilesAcross);
        }
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }
}
