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

    /**
     * Runs one batch into {@code into}: tensors the caller lends, one per output, shaped as this
     * batch's outputs were before; returns them filled. A caller that keeps a few such sets and reuses
     * them allocates nothing per batch (outputs of tens of megabytes are "humongous" objects to the
     * JVM's G1 collector, each starting a marking cycle). Where a shape differs (a shorter last batch),
     * or a runtime cannot write into them, the outputs come back as new tensors, as from
     * {@link #runAll(Tensor)}.
     */
    default java.util.List<Tensor> runAll(Tensor input, java.util.List<Tensor> into) {
        return runAll(input);
    }

    @Override
    void close();
}
