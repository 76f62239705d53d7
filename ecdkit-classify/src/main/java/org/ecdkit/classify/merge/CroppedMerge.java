package org.ecdkit.classify.merge;

import org.ecdkit.classify.decode.TileDecoder;
import org.ecdkit.inference.tiling.EncodedTile;
import org.ecdkit.inference.tiling.Tile;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.raster.Window;

/** Each pixel is decided by the one tile whose core holds it; the padding around cores is context only. */
public final class CroppedMerge implements TileMerge {

    private final TileGrid grid;
    private final ClassifiedRows rows;
    /** One core row of class indexes, reused: the merge runs on the translating thread alone. */
    private int[] run = new int[0];

    public CroppedMerge(TileGrid grid, ClassifiedRows rows) {
        if (grid.blend()) {
            throw new IllegalArgumentException("a blended grid needs BlendedMerge");
        }
        this.grid = grid;
        this.rows = rows;
    }

    @Override
    public void accept(EncodedTile encoded, float[] output, TileDecoder decoder) {
        Tile tile = encoded.tile();
        Window core = tile.core();
        Window window = tile.window();
        if (run.length < core.width()) {
            run = new int[core.width()];
        }
        for (int y = core.y(); y < core.bottom(); y++) {
            if (encoded.skipped()) {
                rows.fill(y, core.x(), core.right(), ClassifiedRows.NODATA);
                continue;
            }
            decoder.classRow(output, encoded.slot(), y - window.y(), core.x() - window.x(), core.width(), run);
            if (!encoded.nodata().none()) {
                for (int x = core.x(); x < core.right(); x++) {
                    if (encoded.isNodata(x, y)) {
                        run[x - core.x()] = ClassifiedRows.NODATA;
                    }
                }
            }
            rows.set(y, core.x(), run, core.width());
        }
        if (isLastOfRow(tile)) {
            rows.rowsFinal(grid.finishedRowsAfter(tile.row()));
        }
    }

    private boolean isLastOfRow(Tile tile) {
        return tile.index() + 1 == grid.count() || grid.tiles().get(tile.index() + 1).row() != tile.row();
    }
}
