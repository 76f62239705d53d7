package org.ecdkit.runtime;

/**
 * Where a run gets its model runner: a new session each time ({@link #OPEN}), or one kept open
 * between runs ({@link RunnerPool}), as a cluster's executor does for the many tasks it runs.
 * Whatever it returns, the run closes when done; a pool's runner goes back to the pool then.
 */
@FunctionalInterface
public interface RunnerSource {

    /** Opens a new runner per run, closed with it. */
    RunnerSource OPEN = ModelRunners::open;

    ModelRunner open(RunnableModel model, RunnerOptions options);
}
