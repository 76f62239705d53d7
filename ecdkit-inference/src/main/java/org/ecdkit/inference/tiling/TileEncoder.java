package org.ecdkit.inference.tiling;

import java.nio.FloatBuffer;
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
 *
 * <p>Nodata never reaches the model: a pixel that holds the declared nodata value in every fed band
 * (or in any, by the {@link NodataRule}), or one of whose samples is not a finite number (NaN and
 * infinity in float imagery, nodata or not), is fed as 0 in every band, after scaling. A constant keeps a tiled result equal to the whole image's (a fill
 * taken from neighbours would depend on where tiles are cut), and NaN would spread through every
 * convolution it touches. A tile whose every pixel is nodata is not sent to the model at all; one
 * lying wholly in blocks a sparse file does not store is known empty without being read, when
 * nodata is 0 (what those blocks read as). Not thread-safe: one thread encodes.
 */
public final class TileEncoder {

    private final RasterSource source;
    private final int[] bands;
    private final boolean channelsFirst;
    private final boolean channelAxis;
    /** False for an input of one image ([C, H, W], [H, W, C]): its tensor is one slot, without the batch axis. */
    private final boolean batchAxis;
    private final int tileWidth;
    private final int tileHeight;
    private final InputScaling scaling;
    private final OptionalDouble nodata;
    private final boolean floatingPoint;
    private final boolean unstoredIsNodata;
    private final NodataRule nodataRule;
    /** The alpha band (0-based), where the image has one: its 0s are nodata whether it is fed or not. */
    private final java.util.OptionalInt alpha;
    private float[] alphaValues = new float[0];
    /** The window being encoded, reused from tile to tile: one thread encodes. */
    private float[] values = new float[0];
    /** Per pixel, how many fed bands hold the nodata value: reused like {@link #values}. */
    private int[] matchScratch = new int[0];

    /** An encoder under the default {@link NodataRule#ALL_BANDS}. */
    public TileEncoder(RasterSource source, int[] bands, Layout layout, int tileWidth, int tileHeight,
            InputScaling scaling) {
        this(source, bands, layout, tileWidth, tileHeight, scaling, NodataRule.ALL_BANDS);
    }

    /**
     * @param layout     the model input's layout: NCHW, NHWC, NHW (one band, no channel axis), or CHW and
     *                   HWC (one tile, no batch axis)
     * @param tileWidth  the tensor's columns (the model's size; windows may be smaller)
     * @param tileHeight the tensor's rows
     * @param nodataRule which pixels the input's nodata value makes missing
     */
    public TileEncoder(RasterSource source, int[] bands, Layout layout, int tileWidth, int tileHeight,
            InputScaling scaling, NodataRule nodataRule) {
        if (layout != Layout.NCHW && layout != Layout.NHWC && layout != Layout.NHW && layout != Layout.CHW
                && layout != Layout.HWC) {
            throw new IllegalArgumentException("ecdkit feeds NCHW, NHWC, NHW, CHW or HWC inputs, not " + layout);
        }
        if (layout == Layout.NHW && bands.length != 1) {
            throw new IllegalArgumentException("an input without a channel axis takes one band, not " + bands.length);
        }
        this.source = source;
        this.bands = bands.clone();
        this.channelsFirst = layout != Layout.NHWC && layout != Layout.HWC;
        this.channelAxis = layout != Layout.NHW;
        this.batchAxis = layout.hasBatchAxis();
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.scaling = scaling;
        this.nodata = source.nodata();
        this.floatingPoint = source.sampleType().isFloatingPoint();
        this.unstoredIsNodata = nodata.isPresent() && nodata.getAsDouble() == 0;
        this.nodataRule = nodataRule;
        this.alpha = source.alphaBand();
    }

    /** Values per slot of the batch tensor. */
    public int slotSize() {
        return bands.length * tileWidth * tileHeight;
    }

    /** Bands fed per pixel. */
    public int bandCount() {
        return bands.length;
    }

    /** The batch tensor's shape for {@code batch} slots. */
    public long[] batchShape(int batch) {
        if (!batchAxis) {
            if (batch != 1) {
                throw new IllegalArgumentException("an input without a batch axis takes one tile per call, not " + batch);
            }
            return channelsFirst ? new long[] {bands.length, tileHeight, tileWidth}
                    : new long[] {tileHeight, tileWidth, bands.length};
        }
        if (!channelAxis) {
            return new long[] {batch, tileHeight, tileWidth};
        }
        return channelsFirst ? new long[] {batch, bands.length, tileHeight, tileWidth}
                : new long[] {batch, tileHeight, tileWidth, bands.length};
    }

    /**
     * Reads {@code tile}; when any of its pixels has data, writes it into {@code slot} of {@code batch}
     * and returns it with that slot, else returns it as skipped, without touching the tensor.
     */
    public EncodedTile encode(Tile tile, Tensor batch, int slot) {
        Window window = tile.window();
        if (unstoredIsNodata && source.unstored(window)) {
            return new EncodedTile(tile, -1, PixelMask.ALL);
        }
        int w = window.width();
        int h = window.height();
        if (values.length < bands.length * w * h) {
            values = new float[bands.length * w * h];
        }
        source.read(window, bands, values);
        boolean[] masked = nodata.isPresent() || floatingPoint ? nodataMask(values, w * h) : null;
        if (alpha.isPresent()) {
            masked = transparent(window, masked);
        }
        if (source.hasMask()) {
            masked = outsideMask(window, masked);
        }
        PixelMask mask = masked == null ? PixelMask.NONE : PixelMask.of(masked, w);
        if (mask.all()) {
            return new EncodedTile(tile, -1, mask);
        }
        write(values, mask.none() ? null : masked, w, h, batch.data(), slot);
        return new EncodedTile(tile, slot, mask);
    }

    /**
     * Per pixel, whether it is missing: its fed bands hold the nodata value (all of them, or any, by
     * the rule), or one of its samples is not finite; null when no pixel is.
     */
    private boolean[] nodataMask(float[] values, int plane) {
        boolean declared = nodata.isPresent() && !Double.isNaN(nodata.getAsDouble());
        float target = declared ? (float) nodata.getAsDouble() : 0;
        boolean everyBand = nodataRule == NodataRule.ALL_BANDS && bands.length > 1;
        boolean[] mask = null;
        int[] matches = null;
        for (int b = 0; b < bands.length; b++) {
            int base = b * plane;
            for (int i = 0; i < plane; i++) {
                float v = values[base + i];
                if (floatingPoint && !Float.isFinite(v)) {
                    mask = mark(mask, plane, i);
                } else if (declared && v == target) {
                    if (!everyBand) {
                        mask = mark(mask, plane, i);
                    } else {
                        if (matches == null) {
                            if (matchScratch.length < plane) {
                                matchScratch = new int[plane];
                            }
                            matches = matchScratch;
                            java.util.Arrays.fill(matches, 0, plane, 0);
                        }
                        matches[i]++;
                    }
                }
            }
        }
        if (matches != null) {
            for (int i = 0; i < plane; i++) {
                if (matches[i] == bands.length) {
                    mask = mark(mask, plane, i);
                }
            }
        }
        return mask;
    }

    /** {@code mask} with the window's transparent pixels (alpha 0) added; null while no pixel is masked. */
    private boolean[] transparent(Window window, boolean[] mask) {
        int plane = window.width() * window.height();
        int fed = -1;
        for (int b = 0; b < bands.length; b++) {
            fed = bands[b] == alpha.getAsInt() ? b : fed;
        }
        float[] alphaPlane;
        int base;
        if (fed >= 0) {
            alphaPlane = values;
            base = fed * plane;
        } else {
            if (alphaValues.length < plane) {
                alphaValues = new float[plane];
            }
            source.read(window, new int[] {alpha.getAsInt()}, alphaValues);
            alphaPlane = alphaValues;
            base = 0;
        }
        boolean[] result = mask;
        for (int i = 0; i < plane; i++) {
            if (alphaPlane[base + i] == 0) {
                result = mark(result, plane, i);
            }
        }
        return result;
    }

    /** {@code mask} with the pixels the raster's own mask (GDAL's .msk) marks 0 added. */
    private boolean[] outsideMask(Window window, boolean[] mask) {
        int plane = window.width() * window.height();
        if (alphaValues.length < plane) {
            alphaValues = new float[plane];
        }
        source.readMask(window, alphaValues);
        boolean[] result = mask;
        for (int i = 0; i < plane; i++) {
            if (alphaValues[i] == 0) {
                result = mark(result, plane, i);
            }
        }
        return result;
    }

    private static boolean[] mark(boolean[] mask, int plane, int pixel) {
        boolean[] marked = mask == null ? new boolean[plane] : mask;
        marked[pixel] = true;
        return marked;
    }

    private void write(float[] values, boolean[] masked, int w, int h, FloatBuffer data, int slot) {
        int plane = w * h;
        int base = slot * slotSize();
        float scale = scaling.scale();
        float offset = scaling.offset();
        boolean identity = scaling.isIdentity();
        if (channelsFirst && identity && masked == null && w == tileWidth && h == tileHeight) {
            // The usual case: the window is the tile and the values go in as read, plane after plane.
            data.put(base, values, 0, bands.length * plane);
            return;
        }
        float[] row = new float[channelsFirst ? tileWidth : tileWidth * bands.length];
        for (int ty = 0; ty < tileHeight; ty++) {
            int y = mirror(ty, h);
            if (channelsFirst) {
                for (int b = 0; b < bands.length; b++) {
                    int from = b * plane + y * w;
                    for (int tx = 0; tx < tileWidth; tx++) {
                        int x = mirror(tx, w);
                        float v = values[from + x];
                        row[tx] = masked != null && masked[y * w + x] ? 0 : identity ? v : scale * v + offset;
                    }
                    data.put(base + (b * tileHeight + ty) * tileWidth, row, 0, tileWidth);
                }
            } else {
                for (int tx = 0; tx < tileWidth; tx++) {
                    int x = mirror(tx, w);
                    boolean missing = masked != null && masked[y * w + x];
                    for (int b = 0; b < bands.length; b++) {
                        float v = values[b * plane + y * w + x];
                        row[tx * bands.length + b] = missing ? 0 : identity ? v : scale * v + offset;
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
