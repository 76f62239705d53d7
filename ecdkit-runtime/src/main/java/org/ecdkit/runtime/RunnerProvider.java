package org.ecdkit.runtime;

import org.ecdkit.core.model.ModelFormat;

/** A deep-learning runtime that can run some model formats; found with {@link java.util.ServiceLoader}. */
public interface RunnerProvider {

    /** The runtime's name, for messages ("ONNX Runtime"). */
    String name();

    boolean supports(ModelFormat format);

    /** Loads {@code model}; the runtime's native library is loaded here, not before. */
    ModelRunner open(RunnableModel model, RunnerOptions options);
}
