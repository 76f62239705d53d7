package org.ecdkit.detect;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.inference.pipeline.ModelOutputs;
import org.ecdkit.inference.pipeline.TileTranslator;
import org.ecdkit.inference.tiling.EncodedTile;

/**
 * Detect's side of the pipeline: each tile's boxes are decoded from the detector's outputs, those a
 * tile edge cut are dropped in favour of the neighbour that sees them whole, and the rest are kept
 * in image coordinates for non-maximum suppression across tiles.
 */
final class DetectTranslator implements TileTranslator {

    private final DetectionDecoder decoder;
    private final int imageWidth;
    private final int imageHeight;
    private final double threshold;
    private final List<Detection> kept = new ArrayList<>();
    private long aboveThreshold;

    DetectTranslator(DetectionDecoder decoder, int imageWidth, int imageHeight, double threshold) {
        this.decoder = decoder;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.threshold = threshold;
    }

    @Override
    public void accept(EncodedTile tile, ModelOutputs outputs) {
        if (outputs == null) {
            return;
        }
        List<Detection> found = decoder.decode(outputs, tile.slot(), tile.tile().window());
        aboveThreshold += found.stream().filter(d -> d.score() >= threshold).count();
        kept.addAll(TileBoxes.keep(found, tile.tile().window(), imageWidth, imageHeight, threshold));
    }

    /** The boxes kept, in image pixels, before suppression across tiles. */
    List<Detection> kept() {
        return List.copyOf(kept);
    }

    /** Boxes at or above the threshold that tile edges cut (a neighbour saw them whole, or nobody did). */
    long cutAtEdges() {
        return aboveThreshold - kept.size();
    }

}
