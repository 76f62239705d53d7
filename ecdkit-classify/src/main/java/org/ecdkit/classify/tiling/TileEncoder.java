package org.ecdkit.classify.tiling;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.OptionalDouble;
import org.ecdkit.core.model.Layout;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.Window;
import org.ecdkit.runtime.Tensor;

/**
 * Reads a tile's window and writes it into one slot of a batch tensor, in the model's layout
 * (channels first or last), scaled as the definition asks. Where the window is smaller than the
 * model's fixed tile (an image smaller than a tile), the rest is filled by mirroring the image
 * across its edge, which keeps the statistics of real pixels where zeros would not.
 */
public final class TileEncoder {

    private static final int NODATA_SCAN_ROWS = 16;

    private final RasterSource source;
    private final int[] bands;
    private final boolean channelsFirst;
    private final boolean channelAxis;
    private final int tileWidth;
    private final int tileHeight;
    private final InputScaling scaling;
    private final OptionalDouble nodata;
    /** Tiles that {@link #allNodata} found empty, by index: encoding them needs no second read. */
    private final BitSet knownNodata = new BitSet();

    /**
     * @param layout     the model input's layout: NCHW, NHWC, or NHW (one band, no channel axis)
     * @param tileWidth  the tensor's columns (the model's size; windows may be smaller)
     * @param tileHeight the tensor's rows
     */
    public TileEncoder(RasterSource source, int[] bands, Layout layout, int tileWidth, int tileHeight,
            InputScaling scaling) {
        if (layout != Layout.NCHW && layout != Layout.NHWC && layout != Layout.NHW) {
            throw new IllegalArgumentException("ecdkit feeds NCHW, NHWC or NHW inputs, not " + layout);
        }
        if (layout == Layout.NHW && bands.length != 1) {
            throw new IllegalArgumentException("an input without a channel axis takes one band, not " + bands.length);
        }
        this.source = source;
        this.bands = bands.clone();
        this.channelsFirst = layout != Layout.NHWC;
        this.channelAxis = layout != Layout.NHW;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.scaling = scaling;
        this.nodata = source.nodata();
    }

    /** Values per slot of the batch tensor. */
    public int slotSize() {
        return bands.length * tileWidth * tileHeight;
    }

    /** The batch tensor's shape for {@code batch} slots. */
    public long[] batchShape(int batch) {
        if (!channelAxis) {
            return new long[] {batch, tileHeight, tileWidth};
        }
        return channelsFirst ? new long[] {batch, bands.length, tileHeight, tileWidth}
                : new long[] {batch, tileHeight, tileWidth, bands.length};
    }

    /**
     * Reads {@code tile}; when any of its pixels has data, writes it into {@code slot} of {@code batch}
     * and returns it with that slot, else returns it as skipped.
     */
    public EncodedTile encode(Tile tile, Tensor batch, int slot) {
        return read(tile, batch.data(), slot);
    }

    /**
     * Whether every pixel of {@code tile}'s window is nodata in some band (false when the input has no
     * nodata). A tile found empty is remembered, so that encoding it later reads nothing; call this
     * before encoding starts, from the thread that will hand the encoder to the pipeline.
     */
    public boolean allNodata(Tile tile) {
        if (nodata.isEmpty()) {
            return false;
        }
        // The plan counts these tiles before any work; reading a tile a few rows at a time and stopping
        // at the first valid pixel keeps that count from costing a second pass over imagery with data.
        Window window = tile.window();
        int rows = Math.min(NODATA_SCAN_ROWS, window.height());
        float[] values = new float[bands.length * window.width() * rows];
        for (int y = 0; y < window.height(); y += rows) {
            int height = Math.min(rows, window.height() - y);
            int plane = window.width() * height;
            source.read(new Window(window.x(), window.y() + y, window.width(), height), bands, values);
            if (!allTrue(nodataMask(values, plane))) {
                return false;
            }
        }
        knownNodata.set(tile.index());
        return true;
    }

    private EncodedTile read(Tile tile, FloatBuffer target, int slot) {
        int w = tile.window().width();
        int h = tile.window().height();
        if (knownNodata.get(tile.index())) {
            boolean[] mask = new boolean[w * h];
            Arrays.fill(mask, true);
            return new EncodedTile(tile, -1, mask);
        }
        float[] values = new float[bands.length * w * h];
        source.read(tile.window(), bands, values);
        boolean[] mask = null;
        if (nodata.isPresent()) {
            mask = nodataMask(values, w * h);
            if (allTrue(mask)) {
                return new EncodedTile(tile, -1, mask);
            }
        }
        write(values, w, h, target, slot);
        return new EncodedTile(tile, slot, mask);
    }

    private boolean[] nodataMask(float[] values, int plane) {
        double value = nodata.getAsDouble();
        boolean nan = Double.isNaN(value);
        float target = (float) value;
        boolean[] mask = new boolean[plane];
        for (int b = 0; b < bands.length; b++) {
            int base = b * plane;
            for (int i = 0; i < plane; i++) {
                float v = values[base + i];
                if (nan ? Float.isNaN(v) : v == target) {
                    mask[i] = true;
                }
            }
        }
        return mask;
    }

    private static boolean allTrue(boolean[] mask) {
        for (boolean m : mask) {
            if (!m) {
                return false;
            }
        }
        return true;
    }

    private void write(float[] values, int w, int h, FloatBuffer data, int slot) {
        int plane = w * h;
        int base = slot * slotSize();
        float scale = scaling.scale();
        float offset = scaling.offset();
        boolean identity = scaling.isIdentity();
        float[] row = new float[channelsFirst ? tileWidth : tileWidth * bands.length];
        for (int ty = 0; ty < tileHeight; ty++) {
            int y = mirror(ty, h);
            if (channelsFirst) {
                for (int b = 0; b < bands.length; b++) {
                    int from = b * plane + y * w;
                    for (int tx = 0; tx < tileWidth; tx++) {
                        float v = values[from + mirror(tx, w)];
                        row[tx] = identity ? v : scale * v + offset;
                    }
                    data.put(base + (b * tileHeight + ty) * tileWidth, row, 0, tileWidth);
                }
            } else {
                for (int tx = 0; tx < tileWidth; tx++) {
                    int x = mirror(tx, w);
                    for (int b = 0; b < bands.length; b++) {
                        float v = values[b * plane + y * w + x];
                        row[tx * bands.length + b] = identity ? v : scale * v + offset;
                    }
                }
                data.put(base + ty * tileWidth * bands.length, row, 0, row.length);
            }
        }
    }

    /** Position {@code i} of a tile mapped into [0, size), mirrored across the edge beyond it. */
    static int mirror(int i, int size) {
        if (i < size) {
            return i;
        }
        if (size == 1) {
            return 0;
        }
        int period = 2 * (size - 1);
        int m = i % period;
        return m < size ? m : period - m;
    }
}
