package org.ecdkit.classify;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.ClassifierDefinition;

/**
 * Tile size, padding and batch size for a classification, from the options, else the definition,
 * else the model's fixed sizes, else defaults; a model's fixed size always wins over a wish.
 *
 * @param tileWidth   columns fed to the model
 * @param tileHeight  rows fed to the model
 * @param modelWidth  columns of the tensor (the model's fixed size, or the tile's)
 * @param modelHeight rows of the tensor
 * @param padding     context pixels per side
 * @param batch       tiles per run call
 * @param fixedBatch  whether the model takes exactly {@code batch} tiles
 */
public record TileSettings(int tileWidth, int tileHeight, int modelWidth, int modelHeight, int padding, int batch,
        boolean fixedBatch) {

    static final int DEFAULT_TILE = 512;

    /**
     * @param tileOption    {@code --tile}, if given
     * @param paddingOption {@code --padding}, if given
     * @param batchOption   {@code --batch}, if given
     */
    public static TileSettings choose(ClassifierDefinition definition, TensorSpec input, int imageWidth, int imageHeight,
            OptionalInt tileOption, OptionalInt paddingOption, OptionalInt batchOption, List<Finding> findings) {
        Layout layout = input.layout().layout();
        long fixedHeight = size(input, layout.heightAxis().orElse(-1));
        long fixedWidth = size(input, layout.widthAxis().orElse(-1));
        long fixedBatch = layout.hasBatchAxis() ? size(input, 0) : -1;

        if (tileOption.isPresent() && tileOption.getAsInt() < 1) {
            throw new UsageException("--tile " + tileOption.getAsInt() + " is not a tile side; give a number of pixels");
        }
        if (batchOption.isPresent() && batchOption.getAsInt() < 1) {
            throw new UsageException("--batch " + batchOption.getAsInt() + " is not a number of tiles; give 1 or more");
        }
        int wishHeight = tileOption.orElse(definition.settings().imageHeight().orElse(DEFAULT_TILE));
        int wishWidth = tileOption.orElse(definition.settings().imageWidth().orElse(DEFAULT_TILE));
        if (tileOption.isPresent() && (fixedHeight > 0 && fixedHeight != wishHeight || fixedWidth > 0 && fixedWidth != wishWidth)) {
            throw new UsageException("--tile " + tileOption.getAsInt() + " but the model takes tiles of " + fixedWidth
                    + " x " + fixedHeight + " only");
        }
        int modelHeight = fixedHeight > 0 ? (int) fixedHeight : Math.min(wishHeight, imageHeight);
        int modelWidth = fixedWidth > 0 ? (int) fixedWidth : Math.min(wishWidth, imageWidth);
        int tileHeight = Math.min(modelHeight, imageHeight);
        int tileWidth = Math.min(modelWidth, imageWidth);

        int smallest = Math.min(tileWidth, tileHeight);
        int padding;
        if (paddingOption.isPresent()) {
            padding = paddingOption.getAsInt();
            if (padding < 0) {
                throw new UsageException("--padding " + padding + " is negative; give 0 or more pixels");
            }
            if (2 * padding >= smallest) {
                throw new UsageException("--padding " + padding + " leaves no core in tiles of " + tileWidth + " x " + tileHeight
                        + " (it must be under " + (smallest + 1) / 2 + ")");
            }
        } else {
            padding = definition.settings().modelPadding().orElse(Math.max(modelWidth, modelHeight) / 16);
            padding = Math.min(padding, (smallest - 1) / 2);
        }

        int batch;
        if (fixedBatch > 0) {
            batch = (int) fixedBatch;
            if (batchOption.isPresent() && batchOption.getAsInt() != batch) {
                findings.add(Finding.warning("batch", "the model takes batches of exactly " + batch + " tiles; --batch "
                        + batchOption.getAsInt() + " is not used"));
            }
        } else {
            batch = batchOption.orElse(definition.miniBatchSize().orElse(1));
        }
        return new TileSettings(tileWidth, tileHeight, modelWidth, modelHeight, padding, batch, fixedBatch > 0);
    }

    /**
     * These settings for a grid of {@code tiles} tiles of {@code bands} bands: a batch larger than the
     * grid only wastes memory, so it shrinks to the grid (unless the model fixes it), and a batch whose
     * input alone would take a quarter of the memory this JVM may use is refused before any allocation.
     *
     * @param maxMemory the bytes the JVM may use ({@link Runtime#maxMemory()}; direct buffers share its limit)
     */
    public TileSettings forGrid(int tiles, int bands, long maxMemory) {
        int fitted = fixedBatch ? batch : Math.max(1, Math.min(batch, tiles));
        long values = (long) fitted * bands * modelWidth * modelHeight;
        long bytes = 4 * values;
        if (bytes > maxMemory / 4 || values > Integer.MAX_VALUE / 4) {
            throw new UsageException(String.format(Locale.ROOT, "a batch of %d tiles of %d x %d pixels x %d bands is %s of "
                    + "input per call, more than a quarter of the %s this JVM may use; lower --batch or --tile, or raise "
                    + "the JVM's -Xmx", fitted, modelWidth, modelHeight, bands, mebibytes(bytes), mebibytes(maxMemory)));
        }
        return fitted == batch ? this
                : new TileSettings(tileWidth, tileHeight, modelWidth, modelHeight, padding, fitted, fixedBatch);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    private static long size(TensorSpec tensor, int axis) {
        if (axis < 0 || !tensor.shape().rankKnown() || axis >= tensor.shape().rank()) {
            return -1;
        }
        Dim dim = tensor.shape().dim(axis);
        return dim.sizeOrMinusOne();
    }
}
