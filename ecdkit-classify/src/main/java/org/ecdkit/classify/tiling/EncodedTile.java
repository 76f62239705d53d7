package org.ecdkit.classify.tiling;

/**
 * A tile as encoded into a batch: its slot, and which of its window's pixels are nodata.
 *
 * @param tile   the tile
 * @param slot   its position in the batch, or -1 when it was not sent to the model (all nodata)
 * @param nodata per window pixel, row-major, whether any used band is nodata; null when none is
 */
public record EncodedTile(Tile tile, int slot, boolean[] nodata) {

    public boolean skipped() {
        return slot < 0;
    }

    /** Whether the pixel at image position (x, y), inside the window, is nodata. */
    public boolean isNodata(int x, int y) {
        return nodata != null && nodata[(y - tile.window().y()) * tile.window().width() + (x - tile.window().x())];
    }
}
