package org.ecdkit.runtime.onnx;

import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.RunnerProvider;

/** Microsoft's ONNX Runtime, for ONNX models. */
public final class OnnxRuntimeProvider implements RunnerProvider {

    @Override
    public String name() {
        return "ONNX Runtime";
    }

    @Override
    public boolean supports(ModelFormat format) {
        return format == ModelFormat.ONNX;
    }

    @Override
    public ModelRunner open(RunnableModel model, RunnerOptions options) {
        return OnnxRuntimeRunner.open(model, options);
    }
}
