package org.ecdkit.spark.job;

import java.io.Serializable;
import java.util.List;

/**
 * How one unit of work (a scene, or a window of one raster) ended, sent back to the driver.
 *
 * @param name           the unit's name (a scene's output name, "window-00003")
 * @param source         what it read (a scene's location)
 * @param failure        why it failed, one line; empty when it succeeded
 * @param exitCode       the failure's documented exit code (0 when it succeeded)
 * @param outputs        its committed outputs and their digests
 * @param pixels         pixels it covered
 * @param wallNanos      its time, start to end
 * @param inferenceNanos its time in the model
 * @param executor       the executor that ran it
 * @param attempt        the task attempt that ran it (0 first)
 */
public record UnitOutcome(String name, String source, String failure, int exitCode, List<JobFolder.Output> outputs,
        long pixels, long wallNanos, long inferenceNanos, String executor, int attempt) implements Serializable {

    private static final long serialVersionUID = 1L;

    public UnitOutcome {
        outputs = List.copyOf(outputs);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
