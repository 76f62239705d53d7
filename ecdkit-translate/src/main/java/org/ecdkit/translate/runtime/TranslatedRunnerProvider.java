package org.ecdkit.translate.runtime;

import java.nio.file.Path;
import java.util.Locale;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.ScratchFolder;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.ForwardingRunner;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerProvider;
import org.ecdkit.translate.ModelTranslation;
import org.ecdkit.translate.TranslatedModel;

/**
 * Runs the models ecdkit translates (Keras, TFLite, CNTK v2) on whichever runtime runs ONNX: the model is
 * translated into a scratch folder when the runner opens, and the folder is removed when it closes.
 * Inputs and outputs keep their names in translation, so the definition's names serve as they are.
 */
public final class TranslatedRunnerProvider implements RunnerProvider {

    @Override
    public String name() {
        return "translation to ONNX";
    }

    @Override
    public boolean supports(ModelFormat format) {
        return ModelTranslation.translates(format);
    }

    @Override
    public ModelRunner open(RunnableModel model, org.ecdkit.runtime.RunnerOptions options) {
        RunnerProvider onnx = ModelRunners.providers().stream()
                .filter(p -> !(p instanceof TranslatedRunnerProvider) && p.supports(ModelFormat.ONNX)).findFirst()
                .orElseThrow(() -> new UnsupportedInputException(Place.of(model.path()), model.format().withArticle()
                        + " runs translated to ONNX, and no ONNX runtime is on the class path"));
        TranslatedModel translated = ModelTranslation.translate(model.path(), model.format());
        ScratchFolder scratch = ScratchFolder.create("ecdkit-translated-");
        try {
            Path file = scratch.path().resolve(model.path().getFileName() + ".onnx");
            ModelTranslation.write(translated, file);
            ModelRunner runner = onnx.open(new RunnableModel(file, ModelFormat.ONNX, model.input(), model.outputs(), ""), options);
            return new TranslatedRunner(runner, scratch, translated);
        } catch (RuntimeException e) {
            scratch.closeQuietly();
            throw e;
        }
    }

    /** The ONNX runner, described as running a translation; closing it removes the translation. */
    private static final class TranslatedRunner extends ForwardingRunner {

        private final ScratchFolder scratch;
        private final RunnerDescription description;

        TranslatedRunner(ModelRunner runner, ScratchFolder scratch, TranslatedModel translated) {
            super(runner);
            this.scratch = scratch;
            RunnerDescription inner = runner.description();
            this.description = new RunnerDescription(inner.runtime() + " (" + translated.format().description()
                    + " translated to ONNX in " + String.format(Locale.ROOT, "%.2f s", translated.nanos() / 1e9) + ")",
                    inner.device(), inner.threads());
        }

        @Override
        public RunnerDescription description() {
            return description;
        }

        @Override
        public void close() {
            try {
                runner.close();
            } finally {
                scratch.closeQuietly();
            }
        }
    }
}
