package org.ecdkit.detect;

import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.detect.output.FeatureFormat;
import org.ecdkit.runtime.Device;

/**
 * How a detection runs.
 *
 * @param tile              tile side fed to the model (empty: the model's, the definition's, or 512)
 * @param padding           overlap on each side of a tile's core (empty: ModelPadding, or a sixteenth of the tile)
 * @param batch             tiles per run call (empty: the definition's MiniBatchSize)
 * @param threads           runtime threads (0: one per core)
 * @param bands             1-based input bands to feed (empty: as the definition says)
 * @param threshold         the lowest confidence kept
 * @param nmsOverlap        boxes of a class overlapping a stronger one by more than this (IoU) are dropped
 * @param format            GeoJSON or Esri JSON
 * @param device            where the model runs
 * @param allowChangedModel run a model whose digest no longer matches
 */
public record DetectOptions(OptionalInt tile, OptionalInt padding, OptionalInt batch, int threads, List<Integer> bands,
        double threshold, double nmsOverlap, FeatureFormat format, Device device, boolean allowChangedModel) {

    public static final DetectOptions DEFAULT = new DetectOptions(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty(), 0, List.of(), 0.5, 0.5, FeatureFormat.GEOJSON, Device.CPU, false);

    public DetectOptions {
        bands = List.copyOf(bands);
        if (threads < 0) {
            throw new IllegalArgumentException("a thread count of 0 (one per core) or more, not " + threads);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a threshold between 0 and 1, not " + threshold);
        }
        if (!(nmsOverlap >= 0 && nmsOverlap <= 1)) {
            throw new IllegalArgumentException("an overlap between 0 and 1, not " + nmsOverlap);
        }
    }

    public DetectOptions withTile(int side) {
        return new DetectOptions(OptionalInt.of(side), padding, batch, threads, bands, threshold, nmsOverlap, format, device,
                allowChangedModel);
    }

    public DetectOptions withPadding(int pixels) {
        return new DetectOptions(tile, OptionalInt.of(pixels), batch, threads, bands, threshold, nmsOverlap, format, device,
                allowChangedModel);
    }

    public DetectOptions withBatch(int tiles) {
        return new DetectOptions(tile, padding, OptionalInt.of(tiles), threads, bands, threshold, nmsOverlap, format, device,
                allowChangedModel);
    }

    public DetectOptions withThreshold(double value) {
        return new DetectOptions(tile, padding, batch, threads, bands, value, nmsOverlap, format, device, allowChangedModel);
    }

    public DetectOptions withNmsOverlap(double value) {
        return new DetectOptions(tile, padding, batch, threads, bands, threshold, value, format, device, allowChangedModel);
    }

    public DetectOptions withFormat(FeatureFormat value) {
        return new DetectOptions(tile, padding, batch, threads, bands, threshold, nmsOverlap, value, device, allowChangedModel);
    }

    public DetectOptions withThreads(int value) {
        return new DetectOptions(tile, padding, batch, value, bands, threshold, nmsOverlap, format, device, allowChangedModel);
    }
}
