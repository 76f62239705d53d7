package org.ecdkit.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runners kept open between runs: opening an ONNX Runtime or TensorFlow session costs from tenths of
 * a second to many seconds (a large model's graph optimisation), paid once per process and model, not
 * once per scene. A runner serves one run at a time; runs at the same time get runners of their own
 * (so a process holds as many sessions of a model as it runs tasks at once), each lent again when its
 * run closes it. The key is the model (file, format, input, outputs, signature) and the options
 * (threads, device), which are records. {@link #close} closes every idle runner; a runner lent out
 * when the pool closes is closed when it comes back.
 */
public final class RunnerPool implements RunnerSource, AutoCloseable {

    private record Key(RunnableModel model, RunnerOptions options) {
    }

    private final RunnerSource opener;
    private final Map<Key, Deque<ModelRunner>> idle = new HashMap<>();
    private int opened;
    private boolean closed;

    /** A pool that opens runners with {@code opener} ({@link RunnerSource#OPEN} outside tests). */
    public RunnerPool(RunnerSource opener) {
        this.opener = opener;
    }

    @Override
    public ModelRunner open(RunnableModel model, RunnerOptions options) {
        Key key = new Key(model, options);
        ModelRunner runner;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the runner pool is closed");
            }
            Deque<ModelRunner> free = idle.get(key);
            runner = free == null ? null : free.pollFirst();
        }
        if (runner == null) {
            runner = opener.open(model, options);
            synchronized (this) {
                opened++;
            }
        }
        return new Lent(runner, key);
    }

    /** How many runners this pool has opened so far: fewer than the runs it served, when it served its purpose. */
    public synchronized int opened() {
        return opened;
    }

    private void giveBack(ModelRunner runner, Key key) {
        synchronized (this) {
            if (!closed) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(runner);
                return;
            }
        }
        runner.close();
    }

    @Override
    public void close() {
        List<ModelRunner> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(toClose::addAll);
            idle.clear();
        }
        toClose.forEach(ModelRunner::close);
    }

    /** A pooled runner: the run's close hands it back instead of closing the session. */
    private final class Lent extends ForwardingRunner {

        private final Key key;
        private final AtomicBoolean returned = new AtomicBoolean();

        Lent(ModelRunner runner, Key key) {
            super(runner);
            this.key = key;
        }

        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                giveBack(runner, key);
            }
        }
    }
}
