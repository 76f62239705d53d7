package org.ecdkit.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;

/** Finds the runtime for a model's format among those on the class path, and opens a runner with it. */
public final class ModelRunners {

    private ModelRunners() {
    }

    public static List<RunnerProvider> providers() {
        List<RunnerProvider> providers = new ArrayList<>();
        ServiceLoader.load(RunnerProvider.class, ModelRunners.class.getClassLoader()).forEach(providers::add);
        return providers;
    }

    public static ModelRunner open(RunnableModel model, RunnerOptions options) {
        List<RunnerProvider> providers = providers();
        for (RunnerProvider provider : providers) {
            if (provider.supports(model.format())) {
                return provider.open(model, options);
            }
        }
        String available = providers.isEmpty() ? "none" : providers.stream().map(RunnerProvider::name).collect(Collectors.joining(", "));
        throw new UnsupportedInputException(Place.of(model.path()), "ecdkit has no runtime for " + model.format().withArticle()
                + " (runtimes present: " + available + "); convert the model to ONNX with its framework's tools to run it");
    }
}
