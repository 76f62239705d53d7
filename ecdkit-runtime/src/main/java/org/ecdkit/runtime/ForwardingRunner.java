package org.ecdkit.runtime;

import java.util.List;

/**
 * A runner that hands every run to another and decides only what closing means: a pool's lent
 * runner goes back to the pool, a translated model's runner removes its translation.
 */
public abstract class ForwardingRunner implements ModelRunner {

    protected final ModelRunner runner;

    protected ForwardingRunner(ModelRunner runner) {
        this.runner = runner;
    }

    @Override
    public RunnerDescription description() {
        return runner.description();
    }

    @Override
    public List<Tensor> runAll(Tensor input) {
        return runner.runAll(input);
    }

    @Override
    public List<Tensor> runAll(Tensor input, List<Tensor> into) {
        return runner.runAll(input, into);
    }
}
