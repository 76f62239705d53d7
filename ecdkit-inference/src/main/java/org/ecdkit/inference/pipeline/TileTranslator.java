package org.ecdkit.inference.pipeline;

import org.ecdkit.inference.tiling.EncodedTile;

/**
 * What a run does with the model's outputs, tile by tile: classify decodes class scores and merges
 * them into rows of a raster, detect decodes boxes and keeps those a tile saw whole. The pipeline
 * knows nothing of either; a translator knows nothing of threads, batches or runtimes.
 *
 * <p>Tiles arrive in grid order (row-major), one call each, on the pipeline's translating thread.
 */
@FunctionalInterface
public interface TileTranslator {

    /**
     * Takes one tile's result: {@code outputs} is its batch's model outputs, the tile's slot in them
     * is {@link EncodedTile#slot()}; a skipped tile (every pixel nodata) comes with {@code outputs}
     * null.
     */
    void accept(EncodedTile tile, ModelOutputs outputs);
}
