package org.ecdkit.translate.tflite;

import java.io.IOException;
import java.nio.file.Path;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.PythonFixtures;
import org.ecdkit.runtime.Tensor;
import org.ecdkit.translate.OracleFiles;
import org.ecdkit.translate.ModelTranslation;
import org.ecdkit.translate.TranslatedModel;
import org.ecdkit.translate.TranslationOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TFLite models written by TensorFlow 2.21's converter (src/test/python/tflite_fixtures.py) in
 * float32, float16, dynamic-range int8 and full int8, translated to ONNX and run on ONNX Runtime:
 * the outputs must be TFLite's own interpreter's, within a tolerance stated per variant.
 */
class TfliteTranslationTest {

    static Path fixtures() {
        return PythonFixtures.run("src/test/python/tflite_fixtures.py");
    }

    /**
     * float32 and float16: float arithmetic in another order, 2e-4 (measured: 9e-8). Dynamic range:
     * ecdkit dequantizes the int8 weights once, as TFLite's XNNPACK delegate does (measured: 9e-8);
     * TFLite's own hybrid kernels would quantize activations on the fly, so 2e-3 leaves room for
     * them. Full int8: both round every activation to its 8-bit grid, and float arithmetic between
     * the roundings may land a step away: 3 output steps, 3 / 256 (measured: one step, 3.9e-3).
     */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
        "segmenter, float, 2e-4", "segmenter, float16, 2e-4", "segmenter, dynamic, 2e-3", "segmenter, int8, 0.012",
        "classifier, float, 2e-4", "classifier, float16, 2e-4", "classifier, dynamic, 2e-3", "classifier, int8, 0.012"})
    void theTranslationComputesWhatTfliteComputes(String name, String variant, float tolerance, @TempDir Path temp)
            throws IOException {
        Path model = fixtures().resolve(name + "." + variant + ".tflite");
        TranslatedModel translated = ModelTranslation.translate(model, ModelFormat.TFLITE);
        Tensor input = OracleFiles.tensor(fixtures(), name, "input");
        Tensor expected = OracleFiles.tensor(fixtures(), name + "." + variant, "output", name);
        TranslationOracle.assertClose(expected, TranslationOracle.run(translated, temp, input), tolerance, false,
                name + "." + variant);
    }
}
