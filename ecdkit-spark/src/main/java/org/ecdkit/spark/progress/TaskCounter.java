package org.ecdkit.spark.progress;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts a job's tasks as Spark finishes them, for progress in ecdkit's words: one task is one unit
 * (a scene, a window), so finished tasks are finished units; a failed attempt is one Spark retries.
 */
public final class TaskCounter extends SparkListener {

    private final JobProgress progress;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();

    public TaskCounter(JobProgress progress, int total) {
        this.progress = progress;
        this.total = total;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo().successful()) {
            progress.progress(done.incrementAndGet(), total, retried.get());
        } else {
            retried.incrementAndGet();
            progress.noted("a task of " + end.taskInfo().executorId() + " failed (" + end.reason().getClass().getSimpleName()
                    .replace("$", "") + "); Spark runs it again");
        }
    }

    public int retried() {
        return retried.get();
    }
}
