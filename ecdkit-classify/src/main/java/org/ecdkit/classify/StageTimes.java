package org.ecdkit.classify;

/**
 * Where a classification's time went. The stages run at once on different threads, so their busy
 * times add up to more than the wall time; inference is the time spent inside the model's run calls.
 *
 * @param readNanos      reading and encoding tiles
 * @param inferenceNanos inside the runner's run calls
 * @param writeNanos     decoding, merging, compressing and writing
 * @param wallNanos      from the first read to the last byte written
 * @param batches        run calls made
 */
public record StageTimes(long readNanos, long inferenceNanos, long writeNanos, long wallNanos, int batches) {

    /** Wall time over inference time: 1.0 means nothing but the model cost time. */
    public double overhead() {
        return inferenceNanos == 0 ? Double.NaN : (double) wallNanos / inferenceNanos;
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
