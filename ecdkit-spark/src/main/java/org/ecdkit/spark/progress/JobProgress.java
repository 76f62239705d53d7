package org.ecdkit.spark.progress;

/** What a distributed job tells its user as it goes, in ecdkit's words (the command line prints it). */
public interface JobProgress {

    JobProgress SILENT = new JobProgress() { };

    /** The plan, before any task runs: scenes or windows, executors, the estimated work. */
    default void planned(String plan) {
    }

    /** {@code done} of {@code total} units finished; {@code retried} task attempts failed and were run again. */
    default void progress(int done, int total, int retried) {
    }

    /** A warning or note. */
    default void noted(String note) {
    }
}
