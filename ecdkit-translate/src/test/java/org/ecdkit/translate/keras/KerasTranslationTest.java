package org.ecdkit.translate.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.model.keras.KerasModelFile;
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
 * Keras models written by Keras 3.15 itself (src/test/python/keras_fixtures.py), translated to ONNX
 * and run on ONNX Runtime: the outputs must be Keras's own for the same input.
 */
class KerasTranslationTest {

    /** Float32 through tens of layers, in another order of operations: far below any class decision. */
    static final float TOLERANCE = 2e-4f;

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
        "sequential_segmenter, h5", "sequential_segmenter, keras",
        "functional_unet, h5", "functional_unet, keras",
        "scene_classifier, h5", "scene_classifier, keras",
        "signal_1d, keras", "edge_cases, h5", "edge_cases, keras", "volume_3d, h5", "resized_classifier, keras"})
    void theTranslationComputesWhatKerasComputes(String name, String extension, @TempDir Path temp) throws IOException {
        Path model = OracleFiles.kerasFixtures().resolve(name + "." + extension);
        ModelFormat format = extension.equals("h5") ? ModelFormat.KERAS_HDF5 : ModelFormat.KERAS_V3;
        TranslatedModel translated = ModelTranslation.translate(model, format);
        assertComputesLikeKeras(translated, temp, OracleFiles.input(name), OracleFiles.output(name), name);
        try (KerasModelFile keras = KerasModelFile.open(model, temp)) {
            assertEquals(List.of(), KerasTranslator.blockers(keras.architecture()));
        }
    }

    /**
     * InVesalius's brain segmenter (Debian's invesalius): written by Keras 2.2.4 on PlaidML, a 3-D
     * U-Net of Conv3D, Conv3DTranspose without bias, MaxPooling3D and Dense over the channels. The
     * reference is what Keras 3 computes loading the same file.
     */
    @Test
    void aRealKeras2VolumeSegmenterTranslates(@TempDir Path temp) throws IOException {
        Path model = SystemFixtures.debianFile("invesalius", "usr/share/invesalius/ai/brain_mri_t1/model.h5");
        Path reference = OracleFiles.reference(model);
        TranslatedModel translated = ModelTranslation.translate(model, ModelFormat.KERAS_HDF5);
        assertEquals(27, translated.layers());
        assertComputesLikeKeras(translated, temp, OracleFiles.tensor(reference, "reference", "input"),
                OracleFiles.tensor(reference, "reference", "output"), "invesalius");
    }

    private static void assertComputesLikeKeras(TranslatedModel translated, Path folder, Tensor input, Tensor expected,
            String name) {
        TranslationOracle.assertClose(expected, TranslationOracle.run(translated, folder, input), TOLERANCE, false, name);
    }
}
