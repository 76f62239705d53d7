package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.model.fixture.PythonFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecdkit export --to onnx}, {@code inspect} and {@code classify} on Keras and TFLite models
 * written by Keras and TensorFlow themselves (ecdkit-translate's src/test/python): the translation is
 * written, read back as ONNX, and run on the fly; what cannot translate is refused in one line, exit 6,
 * nothing written.
 */
class KerasTranslationCommandTest {

    private static Path fixtures;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeFixtures() {
        fixtures = PythonFixtures.run("../ecdkit-translate/src/test/python/keras_fixtures.py");
    }

    @Test
    void exportWritesAnOnnxModelThatInspectReadsWithKerasNames() throws Exception {
        Path model = Files.copy(fixtures.resolve("functional_unet.keras"), dir.resolve("unet.keras"));
        Path onnx = dir.resolve("unet.onnx");
        CommandRun export = CommandRun.of("export", "--to", "onnx", model.toString(), onnx.toString());
        assertEquals(0, export.exitCode(), export.toString());
        assertTrue(export.out().startsWith("wrote " + onnx + ": ONNX (opset 18) translated from a Keras 3 archive: 22 layers"),
                export.out());
        CommandRun inspect = CommandRun.of("inspect", onnx.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().contains("bands"), inspect.out());
        assertTrue(inspect.out().contains("[batch, 16, 16, 4]"), inspect.out());
        assertTrue(inspect.out().contains("probabilities"), inspect.out());
    }

    @Test
    void whatCannotTranslateIsRefusedInOneLineAndNothingIsWritten() throws Exception {
        Path model = Files.copy(fixtures.resolve("with_lambda.h5"), dir.resolve("lambda.h5"));
        Path onnx = dir.resolve("lambda.onnx");
        CommandRun export = CommandRun.of("export", "--to", "onnx", model.toString(), onnx.toString());
        assertEquals(6, export.exitCode(), export.toString());
        assertEquals(1, export.err().strip().lines().count(), export.err());
        assertTrue(export.err().contains("layer \"double\" (Lambda, 3 of 3) holds Python code"), export.err());
        assertFalse(Files.exists(onnx));
        CommandRun inspect = CommandRun.of("inspect", model.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.err().contains("warning: " + model + ": layer \"double\" (Lambda, 3 of 3) holds Python code"),
                inspect.err());
    }

    @Test
    void exportNeverOverwritesTheModel() throws Exception {
        Path model = Files.copy(fixtures.resolve("sequential_segmenter.h5"), dir.resolve("segmenter.h5"));
        byte[] before = Files.readAllBytes(model);
        CommandRun export = CommandRun.of("export", "--to", "onnx", model.toString(), model.toString());
        assertEquals(2, export.exitCode(), export.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model)));
    }

    /** TFLite's converter's output (tflite_fixtures.py): a fixed 32 x 24 input, four classes, softmax. */
    @Test
    void aTfliteDefinitionClassifiesThroughTheTranslationAndGdalReadsTheResult() throws Exception {
        Path tflite = PythonFixtures.run("../ecdkit-translate/src/test/python/tflite_fixtures.py");
        Path model = Files.copy(tflite.resolve("segmenter.float.tflite"), dir.resolve("segmenter.tflite"));
        Path info = Files.writeString(dir.resolve("classes.json"), """
                {"Classifier":"TFLite","NumberRasterBands":3,"MiniBatchSize":1,
                 "Classes":[{"Value":10,"Name":"a","Color":[255,0,0]},{"Value":20,"Name":"b","Color":[0,255,0]},
                            {"Value":30,"Name":"c","Color":[0,0,255]},{"Value":40,"Name":"d","Color":[90,90,90]}]}
                """);
        Path ecd = dir.resolve("segmenter.ecd");
        CommandRun convert = CommandRun.of("convert", model.toString(), info.toString(), ecd.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        Path scene = GeoTiffFixture.of(70, 50, 3, SampleType.FLOAT32, (x, y, b) -> (float) ((Math.sin(x * 0.2 + b) + 1) / 2))
                .epsg(32611, 500000, 4100000, 1).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("classes.tif");
        CommandRun classify = CommandRun.of("classify", ecd.toString(), scene.toString(), out.toString());
        assertEquals(0, classify.exitCode(), classify.toString());
        assertTrue((classify.out() + classify.err()).contains("TFLite FlatBuffer translated to ONNX"), classify.toString());
        String gdal = Gdal.run("gdalinfo", out.toString());
        assertTrue(gdal.contains("Size is 70, 50") && gdal.contains("ColorInterp=Palette"), gdal);
    }

    @Test
    void aKerasDefinitionClassifiesThroughTheTranslation() throws Exception {
        Path model = Files.copy(fixtures.resolve("functional_unet.h5"), dir.resolve("unet.h5"));
        Path info = Files.writeString(dir.resolve("classes.json"), """
                {"Classifier":"Keras","NumberRasterBands":4,"MiniBatchSize":2,
                 "Classes":[{"Value":1,"Name":"a","Color":[255,0,0]},{"Value":2,"Name":"b","Color":[0,255,0]},
                            {"Value":3,"Name":"c","Color":[0,0,255]}]}
                """);
        Path ecd = dir.resolve("unet.ecd");
        CommandRun convert = CommandRun.of("convert", model.toString(), info.toString(), ecd.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        Path scene = GeoTiffFixture.of(40, 36, 4, SampleType.FLOAT32, (x, y, b) -> (float) Math.sin(x * 0.3 + y * 0.2 + b))
                .epsg(32611, 500000, 4100000, 1).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("classes.tif");
        CommandRun classify = CommandRun.of("classify", ecd.toString(), scene.toString(), out.toString());
        assertEquals(0, classify.exitCode(), classify.toString());
        assertTrue(Files.isRegularFile(out));
        assertTrue((classify.out() + classify.err()).contains("translated to ONNX"), classify.toString());
    }
}
