package org.ecdkit.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;

/** A translation written to a file, run on ONNX Runtime, and its output held against the framework's own. */
public final class TranslationOracle {

    private TranslationOracle() {
    }

    /** Writes {@code translated} into {@code folder} and runs it on {@code input}: its first output. */
    public static Tensor run(TranslatedModel translated, Path folder, Tensor input) {
        Path onnx = folder.resolve(translated.source().getFileName() + ".onnx");
        ModelTranslation.write(translated, onnx);
        String inputName = translated.onnx().getGraph().getInput(0).getName();
        String outputName = translated.onnx().getGraph().getOutput(0).getName();
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(onnx, ModelFormat.ONNX, inputName, outputName),
                RunnerOptions.CPU)) {
            return runner.run(input);
        }
    }

    /**
     * Every element within {@code tolerance} times the larger of 1 and the expected element's
     * magnitude, or, with {@code ofLargest}, of the largest expected magnitude (outputs such as box
     * regressions whose elements range over orders of magnitude).
     */
    public static void assertClose(Tensor expected, Tensor actual, float tolerance, boolean ofLargest, String label) {
        assertArrayEquals(expected.shape(), actual.shape(), label + ": output shape");
        float largest = 0;
        for (int i = 0; i < expected.size(); i++) {
            largest = Math.max(largest, Math.abs(expected.data().get(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data().get(i);
            float allowed = tolerance * Math.max(1f, ofLargest ? largest : Math.abs(e));
            assertTrue(Math.abs(e - actual.data().get(i)) <= allowed, label + ": element " + i + " is "
                    + actual.data().get(i) + ", the framework computed " + e);
        }
    }
}
