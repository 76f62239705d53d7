package org.ecdkit.detect;

import java.util.List;
import org.ecdkit.detect.output.FeatureFormat;
import org.ecdkit.inference.TiledOptions;
import org.ecdkit.runtime.Device;

/**
 * How a detection runs.
 *
 * @param run        tile, padding (half the overlap of neighbouring tiles), batch, threads, bands,
 *                   device: shared with classify
 * @param threshold  the lowest confidence kept
 * @param nmsOverlap boxes of a class overlapping a stronger one by more than this (IoU) are dropped
 * @param format     GeoJSON or Esri JSON
 */
public record DetectOptions(TiledOptions run, double threshold, double nmsOverlap, FeatureFormat format) {

    public static final DetectOptions DEFAULT = new DetectOptions(TiledOptions.DEFAULT, 0.5, 0.5, FeatureFormat.GEOJSON);

    public DetectOptions {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a threshold between 0 and 1, not " + threshold);
        }
        if (!(nmsOverlap >= 0 && nmsOverlap <= 1)) {
            throw new IllegalArgumentException("an overlap between 0 and 1, not " + nmsOverlap);
        }
    }

    public DetectOptions withRun(TiledOptions value) {
        return new DetectOptions(value, threshold, nmsOverlap, format);
    }

    public DetectOptions withTile(int side) {
        return withRun(run.withTile(side));
    }

    public DetectOptions withPadding(int pixels) {
        return withRun(run.withPadding(pixels));
    }

    public DetectOptions withBatch(int tiles) {
        return withRun(run.withBatch(tiles));
    }

    public DetectOptions withThreads(int value) {
        return withRun(run.withThreads(value));
    }

    public DetectOptions withBands(List<Integer> oneBased) {
        return withRun(run.withBands(oneBased));
    }

    public DetectOptions withDevice(Device where) {
        return withRun(run.withDevice(where));
    }

    public DetectOptions withThreshold(double value) {
        return new DetectOptions(run, value, nmsOverlap, format);
    }

    public DetectOptions withNmsOverlap(double value) {
        return new DetectOptions(run, threshold, value, format);
    }

    public DetectOptions withFormat(FeatureFormat value) {
        return new DetectOptions(run, threshold, nmsOverlap, value);
    }
}
