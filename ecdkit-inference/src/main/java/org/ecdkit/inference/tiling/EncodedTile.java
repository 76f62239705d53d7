package org.ecdkit.inference.tiling;

/**
 * A tile as encoded into a batch: its slot, and which of its window's pixels are nodata.
 *
 * @param tile   the tile
 * @param slot   its position in the batch, or -1 when it was not sent to the model (all nodata)
 * @param nodata which window pixels are nodata (a declared nodata value in any fed band, or a
 *               sample that is not a finite number)
 */
public record EncodedTile(Tile tile, int slot, PixelMask nodata) {

    public boolean skipped() {
        return slot < 0;
    }

    /** Whether the pixel at image position (x, y), inside the window, is nodata. */
    public boolean isNodata(int x, int y) {
        return nodata.isMasked(x - tile.window().x(), y - tile.window().y());
    }
}
