package org.ecdkit.classify;

import java.util.function.Function;
import org.ecdkit.classify.decode.TileDecoder;
import org.ecdkit.classify.merge.TileMerge;
import org.ecdkit.inference.pipeline.ModelOutputs;
import org.ecdkit.inference.pipeline.TileTranslator;
import org.ecdkit.inference.tiling.EncodedTile;

/**
 * Classify's side of the pipeline: each tile's class output is read by a {@link TileDecoder} (made
 * when the first output's shape is known) and merged into the rows of the classified raster.
 */
final class ClassifyTranslator implements TileTranslator {

    private final TileMerge merge;
    private final Function<long[], TileDecoder> decoders;
    private TileDecoder decoder;

    /** @param decoders makes the decoder from the class output's shape, batch first */
    ClassifyTranslator(TileMerge merge, Function<long[], TileDecoder> decoders) {
        this.merge = merge;
        this.decoders = decoders;
    }

    @Override
    public void accept(EncodedTile tile, ModelOutputs outputs) {
        if (outputs != null && decoder == null) {
            decoder = decoders.apply(outputs.shape(0));
        }
        merge.accept(tile, outputs == null ? null : outputs.values(0), decoder);
    }
}
