package org.ecdkit.classify.merge;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.ecdkit.raster.tiff.ClassifiedTiffWriter;

/**
 * The classified image in the making, as a ring of rows: class indexes are put in as tiles are
 * decided and written out as whole rows of TIFF tiles as soon as they are final, so memory holds a
 * band of rows, never the image. Class indexes become class values here, and are counted.
 */
public final class ClassifiedRows {

    /** The class index of a nodata pixel. */
    public static final int NODATA = -1;

    private final int width;
    private final int height;
    private final int tile;
    private final int[][] ring;
    private final ClassifiedTiffWriter writer;
    private final long[] classValues;
    private final long nodataValue;
    private final long[] counts;
    private final RowListener listener;
    private int flushedTop;
    private long nodataPixels;

    /**
     * @param pendingRows the most rows that can be put above the last flushed row plus one tile row
     * @param classValues the raster value of each class index
     * @param nodataValue the raster value of nodata pixels
     */
    public ClassifiedRows(ClassifiedTiffWriter writer, int pendingRows, long[] classValues, long nodataValue,
            RowListener listener) {
        this.writer = writer;
        this.width = writer.spec().width();
        this.height = writer.spec().height();
        this.tile = writer.spec().tileSize();
        this.ring = new int[pendingRows + tile][];
        this.classValues = classValues.clone();
        this.nodataValue = nodataValue;
        this.counts = new long[classValues.length];
        this.listener = listener;
    }

    /** The row {@code y} to write class indexes into; it must not be flushed yet nor too far ahead. */
    public int[] row(int y) {
        if (y < flushedTop || y >= flushedTop + ring.length) {
            throw new IllegalStateException("row " + y + " is outside the pending rows " + flushedTop + ".."
                    + (flushedTop + ring.length - 1));
        }
        int slot = y % ring.length;
        if (ring[slot] == null) {
            ring[slot] = new int[width];
            java.util.Arrays.fill(ring[slot], NODATA);
        }
        return ring[slot];
    }

    /** Rows above {@code until} are final: writes every whole row of tiles among them. */
    public void rowsFinal(int until) {
        while (flushedTop < height && (flushedTop + tile <= until || until >= height)) {
            flushTileRow();
        }
    }

    private void flushTileRow() {
        int rows = Math.min(tile, height - flushedTop);
        for (int r = 0; r < rows; r++) {
            int[] indexes = row(flushedTop + r);
            for (int x = 0; x < width; x++) {
                int index = indexes[x];
                if (index < 0) {
                    nodataPixels++;
                } else {
                    counts[index]++;
                }
            }
            listener.row(flushedTop + r, indexes, width);
        }
        int tileRow = flushedTop / tile;
        int[] values = new int[tile * tile];
        try {
            for (int column = 0; column < writer.spec().tilesAcross(); column++) {
                int x0 = column * tile;
                int columns = Math.min(tile, width - x0);
                for (int r = 0; r < tile; r++) {
                    int at = r * tile;
                    if (r >= rows) {
                        java.util.Arrays.fill(values, at, at + tile, (int) nodataValue);
                        continue;
                    }
                    int[] indexes = row(flushedTop + r);
                    for (int c = 0; c < columns; c++) {
                        int index = indexes[x0 + c];
                        values[at + c] = (int) (index < 0 ? nodataValue : classValues[index]);
                    }
                    java.util.Arrays.fill(values, at + columns, at + tile, (int) nodataValue);
                }
                writer.writeTile(column, tileRow, values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(ring[(flushedTop + r) % ring.length], NODATA);
        }
        flushedTop += rows;
    }

    /** Pixels per class index, counted as rows were written. */
    public long[] counts() {
        return counts.clone();
    }

    public long nodataPixels() {
        return nodataPixels;
    }

    public boolean finished() {
        return flushedTop >= height;
    }
}
