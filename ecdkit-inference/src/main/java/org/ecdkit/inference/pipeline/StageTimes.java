package org.ecdkit.inference.pipeline;

import java.util.Locale;

/**
 * Where a run's time went. The stages run at once on different threads, so their busy times add
 * up to more than the wall time; inference is the time spent inside the model's run calls.
 *
 * @param readNanos      reading and encoding tiles
 * @param inferenceNanos inside the runner's run calls
 * @param writeNanos     translating the model's outputs: decoding, merging, compressing, writing
 * @param wallNanos      from the first read to the last tile translated
 * @param batches        run calls made
 * @param skippedTiles   tiles never sent to the model because every pixel was nodata
 * @param readCpuNanos   CPU time the reading thread used (what reading costs, contention aside)
 * @param writeCpuNanos  CPU time the translating thread used
 */
public record StageTimes(long readNanos, long inferenceNanos, long writeNanos, long wallNanos, int batches,
        int skippedTiles, long readCpuNanos, long writeCpuNanos) {

    /** Times without CPU accounting (where the work ran on no thread of its own). */
    public StageTimes(long readNanos, long inferenceNanos, long writeNanos, long wallNanos, int batches, int skippedTiles) {
        this(readNanos, inferenceNanos, writeNanos, wallNanos, batches, skippedTiles, 0, 0);
    }

    /** Wall time over inference time: 1.0 means nothing but the model cost time; NaN when it never ran. */
    public double overhead() {
        return inferenceNanos == 0 ? Double.NaN : (double) wallNanos / inferenceNanos;
    }

    /** "wall / inference = 1.039", or that the model never ran (every tile nodata), for summaries. */
    public String describeOverhead() {
        return batches == 0 ? "the model never ran (every tile was nodata)"
                : String.format(Locale.ROOT, "wall / inference = %.3f", overhead());
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
