package org.ecdkit.classify.merge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.ecdkit.raster.tiff.ClassifiedTiffWriter;

/**
 * The classified image in the making, as a ring of rows: class indexes are set as tiles are decided
 * and written out as whole rows of TIFF tiles as soon as they are final, so memory holds a band of
 * rows, never the image. Indexes are kept in a byte each when there are fewer than 128 classes (the
 * usual case), else in an int. Class indexes become class values here, and are counted.
 */
public final class ClassifiedRows {

    /** The class index of a nodata pixel. */
    public static final int NODATA = -1;

    /** Where whole output tiles go once final: a TIFF writer, or a window's part of one (ecdkit-spark). */
    @FunctionalInterface
    public interface TileSink {

        /** Takes the values of output tile ({@code column}, {@code row}), {@code tile * tile} of them, row after row. */
        void write(int column, int row, int[] values) throws IOException;
    }

    private final int width;
    /** Rows from {@code top} (a multiple of the tile) to {@code height} are this band's; merges' other rows are dropped. */
    private final int top;
    private final int height;
    private final int tile;
    private final int tilesAcross;
    private final boolean narrow;
    private final byte[][] bytes;
    private final int[][] ints;
    private final int ringRows;
    private final TileSink sink;
    private final long[] classValues;
    private final long nodataValue;
    private final long[] counts;
    private final RowListener listener;
    private final int[] scratch;
    private final int[] tileValues;
    /** The raster value of each stored byte (class indexes below 128; 255 is -1, nodata). */
    private final int[] valueOfByte;
    private int flushedTop;
    private long nodataPixels;

    /**
     * @param pendingRows the most rows that can be set above the last flushed row plus one tile row
     * @param classValues the raster value of each class index
     * @param nodataValue the raster value of nodata pixels
     */
    public ClassifiedRows(ClassifiedTiffWriter writer, int pendingRows, long[] classValues, long nodataValue,
            RowListener listener) {
        this(writer::writeTile, writer.spec().width(), 0, writer.spec().height(), writer.spec().tileSize(), pendingRows,
                classValues, nodataValue, listener);
    }

    /**
     * Rows {@code top} (a multiple of {@code tile}) to {@code bottom} of an image {@code width} wide, whose
     * whole tiles go to {@code sink}: one band of a raster split among tasks. Pixels a merge sets outside
     * those rows (a tile's context, a halo) are not this band's and are dropped.
     */
    public ClassifiedRows(TileSink sink, int width, int top, int bottom, int tile, int pendingRows, long[] classValues,
            long nodataValue, RowListener listener) {
        if (top % tile != 0 || top >= bottom) {
            throw new IllegalArgumentException("rows " + top + " to " + bottom + " in tiles of " + tile);
        }
        this.sink = sink;
        this.width = width;
        this.top = top;
        this.height = bottom;
        this.tile = tile;
        this.tilesAcross = (width + tile - 1) / tile;
        this.flushedTop = top;
        this.ringRows = pendingRows + tile;
        this.narrow = classValues.length < 128;
        this.bytes = narrow ? new byte[ringRows][] : null;
        this.ints = narrow ? null : new int[ringRows][];
        this.classValues = classValues.clone();
        this.nodataValue = nodataValue;
        this.counts = new long[classValues.length];
        this.listener = listener;
        this.scratch = new int[width];
        this.tileValues = new int[tile * tile];
        this.valueOfByte = new int[256];
        Arrays.fill(valueOfByte, (int) nodataValue);
        for (int i = 0; i < classValues.length && narrow; i++) {
            valueOfByte[i] = (int) classValues[i];
        }
    }

    /** Sets the class index of pixel (x, y); its row must not be flushed yet nor too far ahead. */
    public void set(int y, int x, int index) {
        if (outside(y)) {
            return;
        }
        int slot = slot(y);
        if (narrow) {
            bytes[slot][x] = (byte) index;
        } else {
            ints[slot][x] = index;
        }
    }

    /** Sets {@code count} pixels of row {@code y} from column {@code x} to {@code indexes[0..count)}. */
    public void set(int y, int x, int[] indexes, int count) {
        if (outside(y)) {
            return;
        }
        int slot = slot(y);
        if (narrow) {
            byte[] row = bytes[slot];
            for (int i = 0; i < count; i++) {
                row[x + i] = (byte) indexes[i];
            }
        } else {
            System.arraycopy(indexes, 0, ints[slot], x, count);
        }
    }

    /** Sets pixels {@code from} (inclusive) to {@code to} (exclusive) of row {@code y} to {@code index}. */
    public void fill(int y, int from, int to, int index) {
        if (outside(y)) {
            return;
        }
        int slot = slot(y);
        if (narrow) {
            Arrays.fill(bytes[slot], from, to, (byte) index);
        } else {
            Arrays.fill(ints[slot], from, to, index);
        }
    }

    /** Whether row {@code y} lies outside this band (never, for a whole image). */
    private boolean outside(int y) {
        return y < top || y >= height;
    }

    private int slot(int y) {
        if (y < flushedTop || y >= flushedTop + ringRows) {
            throw new IllegalStateException("row " + y + " is outside the pending rows " + flushedTop + ".."
                    + (flushedTop + ringRows - 1));
        }
        int slot = y % ringRows;
        if (narrow && bytes[slot] == null) {
            bytes[slot] = new byte[width];
            Arrays.fill(bytes[slot], (byte) NODATA);
        } else if (!narrow && ints[slot] == null) {
            ints[slot] = new int[width];
            Arrays.fill(ints[slot], NODATA);
        }
        return slot;
    }

    /** Row {@code y}'s class indexes, copied into a shared scratch array. */
    private int[] indexes(int y) {
        int slot = slot(y);
        if (narrow) {
            byte[] row = bytes[slot];
            for (int x = 0; x < width; x++) {
                scratch[x] = row[x];
            }
        } else {
            System.arraycopy(ints[slot], 0, scratch, 0, width);
        }
        return scratch;
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
            count(flushedTop + r);
            if (listener != RowListener.NONE) {
                listener.row(flushedTop + r, indexes(flushedTop + r), width);
            }
        }
        try {
            int tileRow = flushedTop / tile;
            for (int column = 0; column < tilesAcross; column++) {
                fillTile(column, rows);
                sink.write(column, tileRow, tileValues);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int r = 0; r < rows; r++) {
            int slot = (flushedTop + r) % ringRows;
            if (narrow) {
                Arrays.fill(bytes[slot], (byte) NODATA);
            } else {
                Arrays.fill(ints[slot], NODATA);
            }
        }
        flushedTop += rows;
    }

    /** Adds row {@code y}'s pixels to the counts per class and of nodata. */
    private void count(int y) {
        int slot = slot(y);
        if (narrow) {
            // A histogram of the bytes: no branch per pixel. Index -1 (nodata) is byte 255.
            int[] histogram = new int[256];
            byte[] row = bytes[slot];
            for (int x = 0; x < width; x++) {
                histogram[row[x] & 0xFF]++;
            }
            for (int i = 0; i < counts.length; i++) {
                counts[i] += histogram[i];
            }
            nodataPixels += histogram[NODATA & 0xFF];
            return;
        }
        for (int index : ints[slot]) {
            if (index < 0) {
                nodataPixels++;
            } else {
                counts[index]++;
            }
        }
    }

    /** Puts the class values of one output tile, straight from the ring, into {@link #tileValues}. */
    private void fillTile(int column, int rows) {
        int x0 = column * tile;
        int count = Math.min(tile, width - x0);
        int fill = (int) nodataValue;
        for (int r = 0; r < tile; r++) {
            int at = r * tile;
            if (r >= rows) {
                Arrays.fill(tileValues, at, at + tile, fill);
                continue;
            }
            int slot = slot(flushedTop + r);
            if (narrow) {
                byte[] row = bytes[slot];
                for (int c = 0; c < count; c++) {
                    tileValues[at + c] = valueOfByte[row[x0 + c] & 0xFF];
                }
            } else {
                int[] row = ints[slot];
                for (int c = 0; c < count; c++) {
                    int index = row[x0 + c];
                    tileValues[at + c] = index < 0 ? fill : (int) classValues[index];
                }
            }
            Arrays.fill(tileValues, at + count, at + tile, fill);
        }
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
