package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.model.fixture.SystemFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ecdkit inspect} and {@code ecdkit convert} on every real model that a package installed by
 * scripts/install-system-packages ships, copied beside a class-info file as a user would: the
 * classifiers convert and their definition names the framework; what is not a raster classifier
 * (a volumetric MRI segmenter, a face detector's anchor lists) is refused in one line that says why.
 */
class RealModelsCommandTest {

    @TempDir
    Path dir;

    private Path classInfo(int bands, int classes) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < classes; i++) {
            list.append(i == 0 ? "" : ", ").append("{\"Value\": ").append(i + 1).append(", \"Name\": \"class ").append(i)
                    .append("\", \"Color\": [").append(40 * i).append(", 90, 160]}");
        }
        return Files.writeString(dir.resolve("classes.json"), "{\"NumberRasterBands\": " + bands
                + ", \"MiniBatchSize\": 1, \"Classes\": [" + list + "]}");
    }

    private Path copy(Path model) throws Exception {
        return Files.copy(model, dir.resolve(model.getFileName()));
    }

    private static Path real(String source, String path) {
        return switch (source) {
            case "debian-libonnx-testdata" -> SystemFixtures.require(SystemFixtures.ONNX_TEST_DATA, "libonnx-testdata")
                    .resolve(path);
            case "npm-selfie" -> SystemFixtures.npmFile("@mediapipe/selfie_segmentation", path);
            case "npm-face" -> SystemFixtures.npmFile("@mediapipe/face_detection", path);
            default -> SystemFixtures.debianFile(source.substring("debian-".length()), path);
        };
    }

    @ParameterizedTest
    @CsvSource({
        "debian-libonnx-testdata, pytorch-converted/test_Conv2d/model.onnx, 3, 4, ONNX model, ONNX",
        "debian-cp2k-data, usr/share/cp2k/NequIP/water.pth, 3, 2, PyTorch TorchScript archive, PyTorch",
        "npm-selfie, selfie_segmentation.tflite, 3, 2, TFLite FlatBuffer, TFLite",
        "npm-selfie, selfie_segmentation_landscape.tflite, 3, 2, TFLite FlatBuffer, TFLite"})
    void aRealClassifierInspectsAndConverts(String source, String path, int bands, int classes, String format,
            String framework) throws Exception {
        Path model = copy(real(source, path));
        CommandRun inspect = CommandRun.of("inspect", model.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("  format     " + format), inspect.out());
        Path out = dir.resolve("model.ecd");
        CommandRun convert = CommandRun.of("convert", model.toString(), classInfo(bands, classes).toString(), out.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        String ecd = Files.readString(out);
        assertTrue(ecd.contains("\"Classifier\": \"" + framework + "\""), ecd);
        assertTrue(ecd.contains("\"ModelFile\": \"" + model.getFileName() + "\""), ecd);
        assertTrue(ecd.contains("\"NumberClasses\": " + classes), ecd);
    }

    @Test
    void aVolumetricKerasModelIsNoRasterClassifier() throws Exception {
        Path model = copy(real("debian-invesalius", "usr/share/invesalius/ai/brain_mri_t1/model.h5"));
        CommandRun inspect = CommandRun.of("inspect", model.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("[?, 48, 48, 48, 1]  not an image tensor"), inspect.out());
        Path out = dir.resolve("model.ecd");
        CommandRun convert = CommandRun.of("convert", model.toString(), classInfo(1, 2).toString(), out.toString());
        assertEquals(5, convert.exitCode(), convert.toString());
        assertTrue(convert.errLines().get(0).endsWith("output \"dense_1\" [?, ?, ?, ?, 1] is not a classification output "
                + "(expected class scores or indexes per pixel)"), convert.toString());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @CsvSource({
        "face_detection_short_range.tflite, input, regressors, classificators, 128, 896",
        "face_detection_full_range.tflite, input, reshaped_regressor_face_4, reshaped_classifier_face_4, 192, 2304",
        "face_detection_full_range_sparse.tflite, input_1, Identity, Identity_1, 192, 2304"})
    void aFaceDetectorsAnchorListsAreNoClassMap(String file, String input, String boxes, String scores, int side, int anchors)
            throws Exception {
        Path model = copy(real("npm-face", file));
        Path info = classInfo(3, 2);
        Path out = dir.resolve("faces.ecd");
        CommandRun convert = CommandRun.of("convert", model.toString(), info.toString(), out.toString());
        assertEquals(3, convert.exitCode(), convert.toString());
        assertEquals(List.of("error: " + model + ": none of the outputs \"" + boxes + "\", \"" + scores + "\" looks like a "
                + "classification of the input's pixels; choose one with --output"), convert.errLines());
        CommandRun chosen = CommandRun.of("convert", "--output", scores, model.toString(), info.toString(), out.toString());
        assertEquals(5, chosen.exitCode(), chosen.toString());
        assertEquals("error: output \"" + scores + "\" [1, " + anchors + ", 1] of " + model + ": its 1 x " + anchors
                + " grid is no map of input \"" + input + "\"'s " + side + " x " + side + " pixels (it is larger): not a "
                + "per-pixel classification", chosen.errLines().get(0));
        assertFalse(Files.exists(out));
        CommandRun inspect = CommandRun.of("inspect", model.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("NHW, no map of the input's pixels: its 1 x " + anchors + " grid is larger than "
                + "the input's " + side + " x " + side), inspect.out());
        CommandRun json = CommandRun.of("inspect", "--json", model.toString());
        assertTrue(json.out().contains("{\"Name\": \"" + scores + "\", \"OutputKind\": \"Other\""), json.out());
    }
}
