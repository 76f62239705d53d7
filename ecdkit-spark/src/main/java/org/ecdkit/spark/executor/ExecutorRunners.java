package org.ecdkit.spark.executor;

import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.core.error.Place;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.RunnerPool;
import org.ecdkit.runtime.RunnerSource;

/**
 * The runners of this executor JVM: one pool for every task it runs, so a model's session is opened
 * once per executor (and per task slot running at the same time), not once per scene or window, and
 * closed when the JVM ends. A native runtime that cannot load is reported naming the executor, the
 * library and the loader's own words: on a cluster that is a machine missing a system library, which
 * the user fixes there, not in the job.
 */
public final class ExecutorRunners {

    private static RunnerSource opener = RunnerSource.OPEN;
    private static RunnerPool pool;

    private ExecutorRunners() {
    }

    /** This JVM's pool, made on first use. */
    public static synchronized RunnerSource pool() {
        if (pool == null) {
            RunnerPool made = new RunnerPool(ExecutorRunners::openNamingFailures);
            Runtime.getRuntime().addShutdownHook(new Thread(made::close, "ecdkit-runner-pool"));
            pool = made;
        }
        return pool;
    }

    /** Sessions this JVM has opened so far. */
    public static synchronized int opened() {
        return pool == null ? 0 : pool.opened();
    }

    /** Replaces how runners are opened, and empties the pool: for tests of a runtime that fails to load. */
    public static synchronized void openWith(RunnerSource source) {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        opener = source;
    }

    private static ModelRunner openNamingFailures(RunnableModel model, RunnerOptions options) {
        RunnerSource source;
        synchronized (ExecutorRunners.class) {
            source = opener;
        }
        try {
            return source.open(model, options);
        } catch (LinkageError e) {
            throw new RuntimeFailureException(Place.of(model.path()), "executor " + ExecutorIdentity.current()
                    + " cannot load the native library of the runtime for " + model.format().withArticle() + ": "
                    + e.getMessage(), e);
        }
    }
}
