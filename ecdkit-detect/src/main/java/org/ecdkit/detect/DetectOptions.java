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
 * @param format     GeoJSON, Esri JSON or GeoPackage
 * @param simplify   how far (in pixels) a mask's simplified outline may stray from its pixel edges; 0
 *                   keeps them exactly
 */
public record DetectOptions(TiledOptions run, double threshold, double nmsOverlap, FeatureFormat format, double simplify) {

    /** More than a few pixels would no longer outline the object the mask shows. */
    public static final double MAX_SIMPLIFY = 10;

    public static final DetectOptions DEFAULT = new DetectOptions(TiledOptions.DEFAULT, 0.5, 0.5, FeatureFormat.GEOJSON, 0);

    public DetectOptions {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("a threshold between 0 and 1, not " + threshold);
        }
        if (!(nmsOverlap >= 0 && nmsOverlap <= 1)) {
            throw new IllegalArgumentException("an overlap between 0 and 1, not " + nmsOverlap);
        }
        if (!(simplify >= 0 && simplify <= MAX_SIMPLIFY)) {
            throw new IllegalArgumentException("a simplification tolerance from 0 to " + MAX_SIMPLIFY + " pixels, not " + simplify);
        }
    }

    public DetectOptions withRun(TiledOptions value) {
        return new DetectOptions(value, threshold, nmsOverlap, format, simplify);
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
        return new DetectOptions(run, value, nmsOverlap, format, simplify);
    }

    public DetectOptions withNmsOverlap(double value) {
        return new DetectOptions(run, threshold, value, format, simplify);
    }

    public DetectOptions withFormat(FeatureFormat value) {
        return new DetectOptions(run, threshold, nmsOverlap, value, simplify);
    }

    public DetectOptions withSimplify(double pixels) {
        return new DetectOptions(run, threshold, nmsOverlap, format, pixels);
    }
}
