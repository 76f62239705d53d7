package org.ecdkit.inference.tiling;

import java.util.List;
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
 * @param defaultTile whether the tile side is ecdkit's default, asked for by nobody (neither the
 *                    options, nor the definition, nor the model), so that it may shrink to fit memory
 */
public record TileSettings(int tileWidth, int tileHeight, int modelWidth, int modelHeight, int padding, int batch,
        boolean fixedBatch, boolean defaultTile) {

    /** The tile side when nobody asks for one. */
    public static final int DEFAULT_TILE = 512;

    /**
     * @param tileOption    {@code --tile}, if given
     * @param paddingOption {@code --padding}, if given
     * @param batchOption   {@code --batch}, if given
     */
    public static TileSettings choose(ClassifierDefinition definition, TensorSpec input, int imageWidth, int imageHeight,
            OptionalInt tileOption, OptionalInt paddingOption, OptionalInt batchOption, List<Finding> findings) {
        return choose(definition, input, imageWidth, imageHeight, tileOption, paddingOption, batchOption, DEFAULT_TILE,
                findings);
    }

    /** The same, with {@code defaultSide} in place of {@link #DEFAULT_TILE} (a smaller one to fit memory). */
    public static TileSettings choose(ClassifierDefinition definition, TensorSpec input, int imageWidth, int imageHeight,
            OptionalInt tileOption, OptionalInt paddingOption, OptionalInt batchOption, int defaultSide,
            List<Finding> findings) {
        Layout layout = input.layout().layout();
        long fixedHeight = size(input, layout.heightAxis().orElse(-1));
        long fixedWidth = size(input, layout.widthAxis().orElse(-1));
        // An input without a batch axis (torchvision's detectors: one [C, H, W] image) takes one tile per call.
        long fixedBatch = layout.hasBatchAxis() ? size(input, 0) : layout == Layout.CHW || layout == Layout.HWC ? 1 : -1;

        if (tileOption.isPresent() && tileOption.getAsInt() < 1) {
            throw new UsageException("--tile " + tileOption.getAsInt() + " is not a tile side; give a number of pixels");
        }
        if (batchOption.isPresent() && batchOption.getAsInt() < 1) {
            throw new UsageException("--batch " + batchOption.getAsInt() + " is not a number of tiles; give 1 or more");
        }
        int wishHeight = tileOption.orElse(definition.settings().imageHeight().orElse(defaultSide));
        int wishWidth = tileOption.orElse(definition.settings().imageWidth().orElse(defaultSide));
        boolean defaultTile = tileOption.isEmpty() && definition.settings().imageHeight().isEmpty()
                && definition.settings().imageWidth().isEmpty() && fixedHeight <= 0 && fixedWidth <= 0;
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
                findings.add(Finding.warning("batch", (layout.hasBatchAxis() ? "the model takes batches of exactly " + batch
                        + (batch == 1 ? " tile" : " tiles") : "the model's input has no batch axis: it takes one tile per call")
                        + "; --batch " + batchOption.getAsInt() + " is not used"));
            }
        } else {
            batch = batchOption.orElse(definition.miniBatchSize().orElse(1));
        }
        return new TileSettings(tileWidth, tileHeight, modelWidth, modelHeight, padding, batch, fixedBatch > 0, defaultTile);
    }

    /** These settings with {@code tiles} per call (the model must not fix the batch). */
    public TileSettings withBatch(int tiles) {
        if (fixedBatch && tiles != batch) {
            throw new IllegalStateException("the model takes batches of exactly " + batch);
        }
        return new TileSettings(tileWidth, tileHeight, modelWidth, modelHeight, padding, tiles, fixedBatch, defaultTile);
    }

    private static long size(TensorSpec tensor, int axis) {
        if (axis < 0 || !tensor.shape().rankKnown() || axis >= tensor.shape().rank()) {
            return -1;
        }
        Dim dim = tensor.shape().dim(axis);
        return dim.sizeOrMinusOne();
    }
}
