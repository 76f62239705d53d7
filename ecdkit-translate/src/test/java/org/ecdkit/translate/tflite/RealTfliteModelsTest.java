package org.ecdkit.translate.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.PythonFixtures;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.runtime.Tensor;
import org.ecdkit.translate.OracleFiles;
import org.ecdkit.translate.ModelTranslation;
import org.ecdkit.translate.TranslatedModel;
import org.ecdkit.translate.TranslationOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MediaPipe's own TFLite models from npm (float16 weights behind DEQUANTIZE; the selfie segmenter
 * with MediaPipe's custom Convolution2DTransposeBias; a face detector whose weights are sparse,
 * block-compressed, behind DENSIFY), translated and run on ONNX Runtime, against
 * TFLite's interpreter on the same input (src/test/python/tflite_reference.py; for the custom
 * operator, the interpreter runs the model rewritten with the builtin TRANSPOSE_CONV).
 */
class RealTfliteModelsTest {

    /** Float arithmetic in another order through 20 to 50 convolutions: relative to the output's magnitude. */
    static final float TOLERANCE = 1e-3f;

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "@mediapipe/selfie_segmentation, selfie_segmentation.tflite",
        "@mediapipe/selfie_segmentation, selfie_segmentation_landscape.tflite",
        "@mediapipe/face_detection, face_detection_short_range.tflite",
        "@mediapipe/face_detection, face_detection_full_range.tflite",
        "@mediapipe/face_detection, face_detection_full_range_sparse.tflite"})
    void aMediaPipeModelComputesWhatTfliteComputes(String npmPackage, String file, @TempDir Path temp) throws IOException {
        Path model = SystemFixtures.npmFile(npmPackage, file);
        Path reference = PythonFixtures.run("src/test/python/tflite_reference.py", model.toString());
        TranslatedModel translated = ModelTranslation.translate(model, ModelFormat.TFLITE);
        Tensor input = OracleFiles.tensor(reference, "reference", "input");
        Tensor expected = OracleFiles.tensor(reference, "reference", "output");
        TranslationOracle.assertClose(expected, TranslationOracle.run(translated, temp, input), TOLERANCE, true, file);
    }

    @Test
    void anOperatorWithoutTranslationIsNamedBeforeAnythingIsRead() {
        Path model = TfliteTranslationTest.fixtures().resolve("argmax.tflite");
        assertEquals(List.of("operator 0 (ARG_MAX) has no ONNX translation in ecdkit"),
                ModelTranslation.blockers(model, ModelFormat.TFLITE));
    }

    @Test
    void sixteenBitActivationsHaveNoFloatEquivalent() {
        Path model = TfliteTranslationTest.fixtures().resolve("tiny.int16.tflite");
        List<String> blockers = ModelTranslation.blockers(model, ModelFormat.TFLITE);
        assertTrue(blockers.stream().anyMatch(b -> b.matches("operator \\d+ \\(QUANTIZE\\) makes tensor \".*\" quantized to "
                + "int16 \\(16-bit activations\\), which has no float equivalent in ONNX opset 18")), blockers.toString());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.ecdkit.core.error.UnsupportedInputException.class,
                () -> ModelTranslation.translate(model, ModelFormat.TFLITE));
        assertTrue(e.getMessage().startsWith(model + ": operator "), e.getMessage());
    }
}
