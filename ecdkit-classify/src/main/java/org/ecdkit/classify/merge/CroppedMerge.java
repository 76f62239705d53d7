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
        for (int y = core.y(); y < core.bottom(); y++) {
            if (encoded.skipped()) {
                rows.fill(y, core.x(), core.right(), ClassifiedRows.NODATA);
                continue;
            }
            for (int x = core.x(); x < core.right(); x++) {
                rows.set(y, x, encoded.isNodata(x, y) ? ClassifiedRows.NODATA
                        : decoder.classAt(output, encoded.slot(), x - window.x(), y - window.y()));
            }
        }
        if (isLastOfRow(tile)) {
            rows.rowsFinal(grid.finishedRowsAfter(tile.row()));
        }
    }

    private boolean isLastOfRow(Tile tile) {
        return tile.index() + 1 == grid.count() || grid.tiles().get(tile.index() + 1).row() != tile.row();
    }
}
