package org.ecdkit.classify.decode;

import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.OutputGeometry;
import org.ecdkit.core.model.OutputKind;

/**
 * Reads one slot of a model output as class evidence per input pixel: the class scores, a one-hot
 * vector for a class index, or (1 - s, s) for a single score. Cropping and coarser grids are mapped
 * back onto the input's pixels by {@link OutputGeometry}. A score that is not a number (a model
 * that overflowed) decides nothing: the pixel gets no class, rather than the first one. Not
 * thread-safe: one decoder serves the thread that translates tiles.
 */
public final class TileDecoder {

    private final OutputKind kind;
    private final boolean channelsFirst;
    private final int classes;
    private final int outputHeight;
    private final int outputWidth;
    private final int channels;
    private final OutputGeometry rows;
    private final OutputGeometry columns;
    /** Scratch rows for {@link #classRow}: a decoder serves one thread, the pipeline's translating one. */
    private float[] best = new float[0];
    private float[] sums = new float[0];

    /**
     * @param kind         what the output means
     * @param layout       the output's layout
     * @param shape        the output tensor's shape, batch first
     * @param classes      the number of classes in the definition
     * @param tileHeight   the input tile's rows
     * @param tileWidth    the input tile's columns
     */
    public TileDecoder(OutputKind kind, Layout layout, long[] shape, int classes, int tileHeight, int tileWidth) {
        this.kind = kind;
        this.classes = classes;
        int rank = shape.length;
        switch (layout) {
            case NCHW -> {
                this.channelsFirst = true;
                this.channels = (int) shape[1];
                this.outputHeight = (int) shape[2];
                this.outputWidth = (int) shape[3];
            }
            case NHWC -> {
                this.channelsFirst = false;
                this.channels = (int) shape[3];
                this.outputHeight = (int) shape[1];
                this.outputWidth = (int) shape[2];
            }
            case NHW -> {
                this.channelsFirst = true;
                this.channels = 1;
                this.outputHeight = (int) shape[rank - 2];
                this.outputWidth = (int) shape[rank - 1];
            }
            // One tile per call, without a batch axis (a CNTK model's outputs, as CNTK's shapes describe them).
            case CHW -> {
                this.channelsFirst = true;
                this.channels = (int) shape[rank - 3];
                this.outputHeight = (int) shape[rank - 2];
                this.outputWidth = (int) shape[rank - 1];
            }
            case HWC -> {
                this.channelsFirst = false;
                this.channels = (int) shape[rank - 1];
                this.outputHeight = (int) shape[rank - 3];
                this.outputWidth = (int) shape[rank - 2];
            }
            default -> throw new IllegalArgumentException("a " + layout + " output is not a per-pixel classification");
        }
        if (kind == OutputKind.CLASS_SCORES && channels != classes) {
            throw new IllegalArgumentException("the model gives " + channels + " class scores per pixel but the definition has "
                    + classes + " classes");
        }
        this.rows = OutputGeometry.relate(tileHeight, outputHeight);
        this.columns = OutputGeometry.relate(tileWidth, outputWidth);
    }

    /** How output pixels map to input pixels, for plans. */
    public OutputGeometry geometry() {
        return rows.crop() > 0 || rows.factor() > 1 ? rows : columns;
    }

    /** Pixels at each tile edge the model itself drops: padding must be at least this. */
    public int modelCrop() {
        return Math.max(rows.crop(), columns.crop());
    }

    /** Values per batch slot of the output. */
    public int slotSize() {
        return channels * outputHeight * outputWidth;
    }

    /** Classes per pixel in the evidence this decoder gives. */
    public int evidenceSize() {
        return kind == OutputKind.CLASS_SCORES ? classes : kind == OutputKind.SINGLE_SCORE ? 2 : classes;
    }

    /**
     * The class index for the tile pixel (u, v) (relative to the window), from a batch's output
     * {@code values}; -1 where the model gives nothing for it, or an index outside the classes.
     */
    public int classAt(float[] values, int slot, int u, int v) {
        int oy = rows.outputOf(v, outputHeight);
        int ox = columns.outputOf(u, outputWidth);
        if (oy < 0 || ox < 0) {
            return -1;
        }
        int base = slot * slotSize();
        switch (kind) {
            case CLASS_SCORES -> {
                int best = 0;
                float bestScore = score(values, base, 0, oy, ox);
                // NaN anywhere makes the sum NaN: one check per pixel, not a branch per class in the hot loop.
                float sum = bestScore;
                for (int c = 1; c < channels; c++) {
                    float s = score(values, base, c, oy, ox);
                    sum += s;
                    if (s > bestScore) {
                        best = c;
                        bestScore = s;
                    }
                }
                return Float.isNaN(sum) ? -1 : best;
            }
            case SINGLE_SCORE -> {
                float s = score(values, base, 0, oy, ox);
                return Float.isNaN(s) ? -1 : s >= 0.5f ? 1 : 0;
            }
            default -> {
                float index = score(values, base, 0, oy, ox);
                int i = Math.round(index);
                return i >= 0 && i < classes && i == index ? i : -1;
            }
        }
    }

    /**
     * The class indexes of {@code count} tile pixels from (u0, v) along a row into {@code out}, as
     * {@link #classAt} gives them. Class scores channels-first on the input's grid (the usual case)
     * are compared a whole row at a time, class after class: each class's scores are contiguous there,
     * where a pixel at a time would stride across the planes.
     */
    public void classRow(float[] values, int slot, int v, int u0, int count, int[] out) {
        boolean sameGrid = rows.crop() == 0 && rows.factor() == 1 && columns.crop() == 0 && columns.factor() == 1;
        if (kind != OutputKind.CLASS_SCORES || !channelsFirst || !sameGrid) {
            for (int i = 0; i < count; i++) {
                out[i] = classAt(values, slot, u0 + i, v);
            }
            return;
        }
        if (best.length < count) {
            best = new float[count];
            sums = new float[count];
        }
        int plane = outputHeight * outputWidth;
        int base = slot * slotSize() + v * outputWidth + u0;
        for (int i = 0; i < count; i++) {
            float s = values[base + i];
            best[i] = s;
            sums[i] = s;
            out[i] = 0;
        }
        for (int c = 1; c < channels; c++) {
            int at = base + c * plane;
            for (int i = 0; i < count; i++) {
                float s = values[at + i];
                sums[i] += s;
                // Selects, not branches: the comparison's outcome is a coin toss across pixels.
                boolean higher = s > best[i];
                best[i] = higher ? s : best[i];
                out[i] = higher ? c : out[i];
            }
        }
        for (int i = 0; i < count; i++) {
            if (Float.isNaN(sums[i])) {
                out[i] = -1;
            }
        }
    }

    /**
     * Adds {@code weight} times the evidence for tile pixel (u, v) into {@code into} (one value per
     * class); returns false where the model gives nothing for it.
     */
    public boolean addEvidence(float[] values, int slot, int u, int v, float weight, float[] into, int at) {
        int oy = rows.outputOf(v, outputHeight);
        int ox = columns.outputOf(u, outputWidth);
        if (oy < 0 || ox < 0) {
            return false;
        }
        int base = slot * slotSize();
        switch (kind) {
            case CLASS_SCORES -> {
                for (int c = 0; c < channels; c++) {
                    if (Float.isNaN(score(values, base, c, oy, ox))) {
                        return false;
                    }
                }
                for (int c = 0; c < channels; c++) {
                    into[at + c] += weight * score(values, base, c, oy, ox);
                }
            }
            case SINGLE_SCORE -> {
                float s = score(values, base, 0, oy, ox);
                if (Float.isNaN(s)) {
                    return false;
                }
                into[at] += weight * (1 - s);
                into[at + 1] += weight * s;
            }
            default -> {
                float index = score(values, base, 0, oy, ox);
                int i = Math.round(index);
                if (i < 0 || i >= classes || i != index) {
                    return false;
                }
                into[at + i] += weight;
            }
        }
        return true;
    }

    private float score(float[] values, int base, int channel, int oy, int ox) {
        int at = channelsFirst ? (channel * outputHeight + oy) * outputWidth + ox : (oy * outputWidth + ox) * channels + channel;
        return values[base + at];
    }
}
