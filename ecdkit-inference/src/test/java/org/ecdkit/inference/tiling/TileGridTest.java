package org.ecdkit.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ecdkit.raster.Window;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileGridTest {

    @ParameterizedTest(name = "{0} x {1}, tile {2}, padding {3}")
    @CsvSource({"1000, 700, 256, 16", "256, 256, 256, 8", "100, 60, 256, 10", "513, 257, 128, 0", "1, 1, 64, 4", "300, 5, 64, 8"})
    void coresPartitionTheImageAndWindowsStayInsideIt(int width, int height, int tile, int padding) {
        int tileWidth = Math.min(tile, width);
        int tileHeight = Math.min(tile, height);
        int pad = Math.min(padding, (Math.min(tileWidth, tileHeight) - 1) / 2);
        TileGrid grid = TileGrid.cropped(width, height, tileWidth, tileHeight, pad);
        int[] covered = new int[width * height];
        Window image = new Window(0, 0, width, height);
        for (Tile t : grid.tiles()) {
            assertTrue(image.contains(t.window()), t.toString());
            assertTrue(t.window().contains(t.core()), t.toString());
            assertEquals(tileWidth, t.window().width());
            assertEquals(tileHeight, t.window().height());
            for (int y = t.core().y(); y < t.core().bottom(); y++) {
                for (int x = t.core().x(); x < t.core().right(); x++) {
                    covered[y * width + x]++;
                }
            }
            // Context: a core pixel has at least the padding on each side inside the window, or the image edge.
            assertTrue(t.core().x() - t.window().x() >= pad || t.window().x() == 0, t.toString());
            assertTrue(t.window().right() - t.core().right() >= pad || t.window().right() == width, t.toString());
            assertTrue(t.core().y() - t.window().y() >= pad || t.window().y() == 0, t.toString());
            assertTrue(t.window().bottom() - t.core().bottom() >= pad || t.window().bottom() == height, t.toString());
        }
        for (int i = 0; i < covered.length; i++) {
            assertEquals(1, covered[i], "pixel " + i);
        }
    }

    @ParameterizedTest(name = "{0} x {1}, tile {2}")
    @CsvSource({"1000, 700, 256", "300, 300, 128", "90, 40, 64"})
    void edgeWindowsAreShiftedInwardNotPaddedWithZeros(int width, int height, int tile) {
        TileGrid grid = TileGrid.cropped(width, height, Math.min(tile, width), Math.min(tile, height), 16);
        Tile last = grid.tiles().get(grid.count() - 1);
        assertEquals(width, last.window().right());
        assertEquals(height, last.window().bottom());
        assertEquals(Math.min(tile, width), last.window().width(), "a full window even at the corner");
    }

    @ParameterizedTest(name = "{0} x {1}, tile {2}, overlap {3}")
    @CsvSource({"1000, 700, 256, 64", "256, 256, 256, 32", "700, 90, 128, 100"})
    void blendedWindowsCoverEveryPixelAndEndAtTheEdges(int width, int height, int tile, int overlap) {
        TileGrid grid = TileGrid.blended(width, height, Math.min(tile, width), Math.min(tile, height), Math.min(overlap, Math.min(tile, Math.min(width, height)) - 1));
        boolean[] covered = new boolean[width * height];
        for (Tile t : grid.tiles()) {
            assertTrue(new Window(0, 0, width, height).contains(t.window()));
            for (int y = t.window().y(); y < t.window().bottom(); y++) {
                for (int x = t.window().x(); x < t.window().right(); x++) {
                    covered[y * width + x] = true;
                }
            }
        }
        for (boolean c : covered) {
            assertTrue(c);
        }
        assertEquals(width, grid.tiles().get(grid.count() - 1).window().right());
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"0, 5, 0", "4, 5, 4", "5, 5, 3", "8, 5, 0", "9, 5, 1", "3, 1, 0"})
    void windowsSmallerThanTheModelAreMirrored(int i, int size, int expected) {
        assertEquals(expected, TileEncoder.mirror(i, size));
    }

    /** An image that fits in one tile is one tile, whatever the padding: its edges are all the image's. */
    @ParameterizedTest(name = "{0} x {1}, tile {2}, padding {3}: {4} tiles")
    @CsvSource({"512, 512, 512, 32, 1", "512, 2000, 512, 32, 5", "400, 300, 512, 32, 1", "513, 512, 512, 32, 2"})
    void anAxisTheImageFitsInIsOneCoreWide(int width, int height, int tile, int padding, int tiles) {
        TileGrid grid = TileGrid.cropped(width, height, Math.min(tile, width), Math.min(tile, height), padding);
        assertEquals(tiles, grid.count());
        if (tiles == 1) {
            assertEquals(new Window(0, 0, width, height), grid.tiles().get(0).core());
        }
    }

    /** A window's part of the grid: the tiles that decide its rows, in order, and nothing else. */
    @org.junit.jupiter.api.Test
    void rowsBetweenTakesTheTilesThatDecideThoseRowsAndEndsWhereTheirWindowsDo() {
        // Cores of 100 rows (tile 120, padding 10): rows 256 to 512 lie in the cores of grid rows 2 to 5.
        TileGrid whole = TileGrid.cropped(300, 1000, 120, 120, 10);
        TileGrid part = whole.rowsBetween(256, 512);
        assertEquals(whole.tiles().stream().filter(t -> t.core().bottom() > 256 && t.core().y() < 512).count(), part.count());
        assertEquals(4, part.rows());
        assertEquals(200, part.tiles().get(0).core().y());
        assertEquals(0, part.tiles().get(0).index());
        assertEquals(part.count() - 1, part.tiles().get(part.count() - 1).index());
        assertEquals(part.tiles().get(part.count() - 1).window().bottom(), part.finishedRowsAfter(part.rows() - 1));
        assertEquals(1000, whole.finishedRowsAfter(whole.rows() - 1), "a whole grid ends at the image's edge");
        // Blended: the windows over those rows, not only the cores.
        TileGrid blended = TileGrid.blended(300, 1000, 120, 120, 20);
        TileGrid blendedPart = blended.rowsBetween(256, 512);
        assertTrue(blendedPart.tiles().stream().allMatch(t -> t.window().bottom() > 256 && t.window().y() < 512));
        assertEquals(blended.tiles().stream().filter(t -> t.window().bottom() > 256 && t.window().y() < 512).count(),
                blendedPart.count());
    }

    @org.junit.jupiter.api.Test
    void gridRowsSplitTheGridIntoPartsThatTogetherAreTheWhole() {
        TileGrid whole = TileGrid.cropped(500, 700, 128, 128, 12);
        int tiles = 0;
        for (int first = 0; first < whole.rows(); first += 3) {
            TileGrid part = whole.gridRows(first, Math.min(whole.rows(), first + 3));
            for (Tile tile : part.tiles()) {
                assertEquals(whole.tiles().get(tiles).window(), tile.window());
                tiles++;
            }
        }
        assertEquals(whole.count(), tiles);
    }
}
