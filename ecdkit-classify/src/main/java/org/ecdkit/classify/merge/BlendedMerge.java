package org.ecdkit.classify.merge;

import org.ecdkit.classify.decode.TileDecoder;
import org.ecdkit.inference.tiling.EncodedTile;
import org.ecdkit.inference.tiling.Tile;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.raster.Window;

/**
 * Overlapping windows vote: each adds its class evidence for every window pixel, weighted by a
 * smooth window that is highest at the tile's centre and falls towards its edges (a separable
 * squared sine), and each pixel takes the class of highest weighted sum. The sums live in a rolling
 * buffer of one tile row plus one stride, never a scene-sized array.
 */
public final class BlendedMerge implements TileMerge {

    private final TileGrid grid;
    private final ClassifiedRows rows;
    private final int classes;
    private final int width;
    private final float[][] evidence;
    private final float[][] weights;
    private final boolean[][] nodata;
    private final float[] columnWeights;
    private final float[] rowWeights;
    private int finalizedTop;

    public BlendedMerge(TileGrid grid, ClassifiedRows rows, int classes) {
        if (!grid.blend()) {
            throw new IllegalArgumentException("a cropped grid needs CroppedMerge");
        }
        this.grid = grid;
        this.rows = rows;
        this.classes = classes;
        this.width = grid.imageWidth();
        int ringRows = 2 * grid.tileHeight() + 1;
        this.evidence = new float[ringRows][];
        this.weights = new float[ringRows][];
        this.nodata = new boolean[ringRows][];
        this.columnWeights = window(Math.min(grid.tileWidth(), grid.imageWidth()));
        this.rowWeights = window(Math.min(grid.tileHeight(), grid.imageHeight()));
        // A grid of some rows (TileGrid.rowsBetween) starts where its first window does; a whole grid at 0.
        this.finalizedTop = grid.tiles().isEmpty() ? 0 : grid.tiles().get(0).window().y();
    }

    /** A squared sine over {@code size} pixels: near 0 at the edges, 1 in the middle, never 0. */
    static float[] window(int size) {
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            double s = Math.sin(Math.PI * (i + 0.5) / size);
            w[i] = (float) (s * s);
        }
        return w;
    }

    @Override
    public void accept(EncodedTile encoded, float[] output, TileDecoder decoder) {
        Tile tile = encoded.tile();
        Window window = tile.window();
        for (int y = window.y(); y < window.bottom(); y++) {
            int slot = slot(y);
            float[] sums = evidence[slot];
            float[] total = weights[slot];
            boolean[] masked = nodata[slot];
            float rowWeight = rowWeights[y - window.y()];
            if (encoded.skipped()) {
                java.util.Arrays.fill(masked, window.x(), window.right(), true);
                continue;
            }
            for (int x = window.x(); x < window.right(); x++) {
                if (encoded.isNodata(x, y)) {
                    masked[x] = true;
                    continue;
                }
                float weight = rowWeight * columnWeights[x - window.x()];
                if (decoder.addEvidence(output, encoded.slot(), x - window.x(), y - window.y(), weight, sums, x * classes)) {
                    total[x] += weight;
                }
            }
        }
        boolean lastOfRow = tile.index() + 1 == grid.count() || grid.tiles().get(tile.index() + 1).row() != tile.row();
        if (lastOfRow) {
            finalize(grid.finishedRowsAfter(tile.row()));
        }
    }

    private int slot(int y) {
        if (y < finalizedTop || y >= finalizedTop + evidence.length) {
            throw new IllegalStateException("row " + y + " is outside the blending buffer");
        }
        int slot = y % evidence.length;
        if (evidence[slot] == null) {
            evidence[slot] = new float[width * classes];
            weights[slot] = new float[width];
            nodata[slot] = new boolean[width];
        }
        return slot;
    }

    private void finalize(int until) {
        for (int y = finalizedTop; y < until; y++) {
            int slot = slot(y);
            float[] sums = evidence[slot];
            for (int x = 0; x < width; x++) {
                if (nodata[slot][x] || weights[slot][x] == 0) {
                    rows.set(y, x, ClassifiedRows.NODATA);
                    continue;
                }
                int best = 0;
                float bestSum = sums[x * classes];
                for (int c = 1; c < classes; c++) {
                    if (sums[x * classes + c] > bestSum) {
                        best = c;
                        bestSum = sums[x * classes + c];
                    }
                }
                rows.set(y, x, best);
            }
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(weights[slot], 0);
            java.util.Arrays.fill(nodata[slot], false);
        }
        finalizedTop = until;
        rows.rowsFinal(until);
    }
}
