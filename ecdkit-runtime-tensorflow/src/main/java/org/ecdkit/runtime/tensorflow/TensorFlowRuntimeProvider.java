package org.ecdkit.runtime.tensorflow;

import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.RunnerProvider;

/**
 * TensorFlow's Java API, for SavedModels and frozen graphs. This class names no TensorFlow type:
 * ServiceLoader instantiates it wherever ecdkit looks for runtimes, and TensorFlow's native library
 * (hundreds of megabytes) is loaded only by {@link #open}.
 */
public final class TensorFlowRuntimeProvider implements RunnerProvider {

    @Override
    public String name() {
        return "TensorFlow";
    }

    @Override
    public boolean supports(ModelFormat format) {
        return format == ModelFormat.TENSORFLOW_SAVED_MODEL || format == ModelFormat.TENSORFLOW_GRAPH_DEF;
    }

    @Override
    public ModelRunner open(RunnableModel model, RunnerOptions options) {
        return TensorFlowRunner.open(model, options);
    }
}
