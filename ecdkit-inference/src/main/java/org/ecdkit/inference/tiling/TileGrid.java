package org.ecdkit.inference.tiling;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.raster.Window;

/**
 * The tiles that cover an image, in row-major order.
 *
 * <p>In crop mode the cores ({@code tile - 2 * padding} pixels) partition the image; each window adds
 * the padding around its core for context. Where the padding would leave the image, the window is
 * shifted inward instead, so a core at the image's edge still gets a full window of real pixels, and a
 * pixel's result equals that of running the model on the whole image whenever the padding covers the
 * model's receptive field.
 *
 * <p>In blend mode windows overlap by {@code overlap} pixels and every window pixel counts, weighted;
 * the last window in a row or column is shifted inward to end at the image's edge.
 *
 * <p>Where the image is smaller than a tile along an axis, the window spans the whole axis (the encoder
 * pads it to the model's size).
 *
 * @param imageWidth  image columns
 * @param imageHeight image rows
 * @param tileWidth   window columns fed to the model
 * @param tileHeight  window rows fed to the model
 * @param padding     crop mode: context pixels on each side of a core; blend mode: the overlap
 * @param blend       whether windows are blended (true) or cropped to their cores (false)
 * @param tiles       the tiles, in row-major order
 * @param rows        how many grid rows
 */
public record TileGrid(int imageWidth, int imageHeight, int tileWidth, int tileHeight, int padding, boolean blend,
        List<Tile> tiles, int rows) {

    public TileGrid {
        tiles = List.copyOf(tiles);
    }

    /**
     * Tiles whose cores partition the image. Along an axis where the whole image fits in one tile,
     * one core spans it: both its edges are the image's, where no context exists to pad with, so a
     * 512-pixel image in 512-pixel tiles is one tile, the whole image, not four overlapping ones.
     */
    public static TileGrid cropped(int width, int height, int tileWidth, int tileHeight, int padding) {
        int coreWidth = width <= tileWidth ? width : tileWidth - 2 * padding;
        int coreHeight = height <= tileHeight ? height : tileHeight - 2 * padding;
        if (coreWidth < 1 || coreHeight < 1) {
            throw new IllegalArgumentException("padding " + padding + " leaves no core in a " + tileWidth + " x "
                    + tileHeight + " tile");
        }
        List<Tile> tiles = new ArrayList<>();
        int row = 0;
        for (int cy = 0; cy < height; cy += coreHeight, row++) {
            for (int cx = 0; cx < width; cx += coreWidth) {
                Window core = new Window(cx, cy, Math.min(coreWidth, width - cx), Math.min(coreHeight, height - cy));
                Window window = new Window(start(cx, padding, tileWidth, width), start(cy, padding, tileHeight, height),
                        Math.min(tileWidth, width), Math.min(tileHeight, height));
                tiles.add(new Tile(tiles.size(), row, window, core));
            }
        }
        return new TileGrid(width, height, tileWidth, tileHeight, padding, false, tiles, row);
    }

    /** Windows overlapping by {@code overlap} pixels, all of each counted. */
    public static TileGrid blended(int width, int height, int tileWidth, int tileHeight, int overlap) {
        if (overlap < 0 || overlap >= Math.min(tileWidth, tileHeight)) {
            throw new IllegalArgumentException("an overlap of " + overlap + " in a " + tileWidth + " x " + tileHeight + " tile");
        }
        List<Integer> xs = starts(width, tileWidth, tileWidth - overlap);
        List<Integer> ys = starts(height, tileHeight, tileHeight - overlap);
        List<Tile> tiles = new ArrayList<>();
        for (int r = 0; r < ys.size(); r++) {
            for (int x : xs) {
                Window window = new Window(x, ys.get(r), Math.min(tileWidth, width), Math.min(tileHeight, height));
                tiles.add(new Tile(tiles.size(), r, window, window));
            }
        }
        return new TileGrid(width, height, tileWidth, tileHeight, overlap, true, tiles, ys.size());
    }

    /** Where the window of a core starting at {@code core} begins: padded, then shifted inside the image. */
    private static int start(int core, int padding, int tile, int size) {
        if (size <= tile) {
            return 0;
        }
        return Math.max(0, Math.min(core - padding, size - tile));
    }

    private static List<Integer> starts(int size, int tile, int stride) {
        List<Integer> starts = new ArrayList<>();
        if (size <= tile) {
            starts.add(0);
            return starts;
        }
        for (int s = 0; ; s += stride) {
            if (s + tile >= size) {
                starts.add(size - tile);
                return starts;
            }
            starts.add(s);
        }
    }

    public int count() {
        return tiles.size();
    }

    /**
     * The tiles that decide output rows {@code top} (inclusive) to {@code bottom} (exclusive), as a
     * grid of their own over the same image, renumbered from 0 and kept in this grid's order: in crop
     * mode the tiles whose cores meet those rows, in blend mode those whose windows do (a blended
     * pixel sums every window over it). Run through the same merge, they decide those rows exactly as
     * the whole grid does, pixel for pixel and float sum for float sum: that is what lets a cluster
     * split one raster into windows (ecdkit-spark) and still write the one machine's output.
     */
    public TileGrid rowsBetween(int top, int bottom) {
        if (top < 0 || bottom > imageHeight || top >= bottom) {
            throw new IllegalArgumentException("rows " + top + " to " + bottom + " of an image of " + imageHeight);
        }
        List<Tile> chosen = new ArrayList<>();
        int lastRow = -1;
        int row = -1;
        for (Tile tile : tiles) {
            Window decides = blend ? tile.window() : tile.core();
            if (decides.bottom() <= top || decides.y() >= bottom) {
                continue;
            }
            if (tile.row() != lastRow) {
                lastRow = tile.row();
                row++;
            }
            chosen.add(new Tile(chosen.size(), row, tile.window(), tile.core()));
        }
        return new TileGrid(imageWidth, imageHeight, tileWidth, tileHeight, padding, blend, chosen, row + 1);
    }

    /**
     * Grid rows {@code first} (inclusive) to {@code end} (exclusive) as a grid of their own, renumbered
     * from 0: where each tile's result depends on that tile alone (a detector's boxes), any split of
     * the rows among tasks gives the whole grid's results.
     */
    public TileGrid gridRows(int first, int end) {
        if (first < 0 || end > rows || first >= end) {
            throw new IllegalArgumentException("grid rows " + first + " to " + end + " of " + rows);
        }
        List<Tile> chosen = new ArrayList<>();
        for (Tile tile : tiles) {
            if (tile.row() >= first && tile.row() < end) {
                chosen.add(new Tile(chosen.size(), tile.row() - first, tile.window(), tile.core()));
            }
        }
        return new TileGrid(imageWidth, imageHeight, tileWidth, tileHeight, padding, blend, chosen, end - first);
    }

    /** The first output row not yet decided by grid rows {@code 0..row}: rows above it are final. */
    public int finishedRowsAfter(int row) {
        if (row + 1 >= rows) {
            // The whole image for a whole grid; for a grid of some rows (rowsBetween), where its windows end.
            return tiles.stream().mapToInt(t -> t.window().bottom()).max().orElse(imageHeight);
        }
        Tile next = tiles.stream().filter(t -> t.row() == row + 1).findFirst().orElseThrow();
        return blend ? next.window().y() : next.core().y();
    }
}
