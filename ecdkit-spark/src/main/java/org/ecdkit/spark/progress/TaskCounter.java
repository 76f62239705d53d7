package org.ecdkit.spark.progress;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskEndReason;
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
            progress.noted("a task on executor " + end.taskInfo().executorId() + " failed (" + why(end.reason())
                    + "); Spark runs it again");
        }
    }

    /** The failure in one line: the exception and its message, not Spark's stack trace. */
    private static String why(TaskEndReason reason) {
        if (reason instanceof ExceptionFailure failure) {
            return failure.className() + ": " + failure.description();
        }
        String text = reason.toString();
        int line = text.indexOf('\n');
        return line < 0 ? text : text.substring(0, line);
    }

    public int retried() {
        return retried.get();
    }
}
