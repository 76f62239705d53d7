package org.ecdkit.runtime;

/**
 * Runs a model: a float tensor in (a batch of image tiles), a tensor out (class scores or indexes,
 * as floats). The only type that touches a deep-learning runtime; it knows nothing of tiles, rasters
 * or classes. Holds native memory: close it.
 */
public interface ModelRunner extends AutoCloseable {

    RunnerDescription description();

    /**
     * Runs one batch. {@code input} is laid out as the model's image input expects (NCHW or NHWC).
     * The result is the model's first output (the class output of a classifier); integer outputs
     * (class indexes) are converted to floats.
     */
    default Tensor run(Tensor input) {
        return runAll(input).get(0);
    }

    /** Runs one batch and returns every output the model was opened for, in that order, as floats. */
    java.util.List<Tensor> runAll(Tensor input);

    @Override
    void close();
}
