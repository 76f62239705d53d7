package org.ecdkit.runtime.pytorch;

import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.RunnerProvider;

/**
 * PyTorch's own engine (libtorch) through DJL, for TorchScript archives. This class names no DJL type:
 * ServiceLoader instantiates it wherever ecdkit looks for runtimes, and libtorch (450 MB unpacked) is
 * loaded only by {@link #open}.
 */
public final class PyTorchRuntimeProvider implements RunnerProvider {

    @Override
    public String name() {
        return "PyTorch (DJL)";
    }

    @Override
    public boolean supports(ModelFormat format) {
        return format == ModelFormat.TORCHSCRIPT;
    }

    @Override
    public ModelRunner open(RunnableModel model, RunnerOptions options) {
        return PyTorchRunner.open(model, options);
    }
}
