package org.ecdkit.translate.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.model.fixture.PythonFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Keras definition classifies: the model is translated to ONNX on the fly and run on ONNX Runtime,
 * tile by tile, and every pixel gets the class Keras's own whole-image prediction gives it
 * (src/test/python/keras_segmenter.py). The translation's scratch folder is gone afterwards.
 */
class KerasClassifyTest {

    static final int WIDTH = 230;
    static final int HEIGHT = 170;
    static final int BANDS = 4;

    /** Smooth waves and a texture, values 0 to 1. */
    static float value(int x, int y, int band) {
        return switch (band) {
            case 0 -> (float) ((Math.sin(x / 11.0) + Math.cos(y / 7.0) + 2) / 4);
            case 1 -> (x * 7 + y * 13) % 101 / 101f;
            case 2 -> Math.hypot(x - 40, y - 30) < 25 ? 0.8f : 0.2f;
            default -> (float) (0.5 + 0.5 * Math.sin((x + y) / 9.0));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"h5", "keras"})
    void aKerasDefinitionClassifiesAsKerasDoesOnTheWholeImage(String extension, @TempDir Path dir) throws IOException {
        Path image = Path.of("target", "keras-segmenter-scene.f32").toAbsolutePath();
        ByteBuffer raw = ByteBuffer.allocate(BANDS * WIDTH * HEIGHT * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                for (int band = 0; band < BANDS; band++) {
                    raw.putFloat(value(x, y, band));
                }
            }
        }
        Files.write(image, raw.array());
        Path fixtures = PythonFixtures.run("src/test/python/keras_segmenter.py", image.toString(), String.valueOf(BANDS),
                String.valueOf(HEIGHT), String.valueOf(WIDTH));
        byte[] expected = Files.readAllBytes(fixtures.resolve("classes.u8"));
        Path scene = GeoTiffFixture.of(WIDTH, HEIGHT, BANDS, SampleType.FLOAT32, KerasClassifyTest::value).tiled(64)
                .epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("scene.tif"));
        Path info = Files.writeString(dir.resolve("classes.json"), """
                {"Classifier":"Keras","NumberRasterBands":4,"MiniBatchSize":3,
                 "Classes":[{"Value":1,"Name":"Water","Color":[0,0,255]},
                            {"Value":2,"Name":"Trees","Color":[0,128,0]},
                            {"Value":3,"Name":"Built","Color":[200,200,200]}]}
                """);
        Path ecd = dir.resolve("segmenter.ecd");
        DeepLearningModelToEcd.run(fixtures.resolve("segmenter." + extension), info, ecd);
        Path out = dir.resolve("classes.tif");
        long scratchBefore = translationScratchFolders();
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(4),
                ClassifyListener.SILENT);
        assertTrue(summary.plan().runner().runtime().contains("translated to ONNX"), summary.plan().runner().toString());
        assertEquals(scratchBefore, translationScratchFolders(), "the translation's scratch folder is removed");
        int[] counts = new int[3];
        try (GeoTiffSource classes = GeoTiffSource.open(out)) {
            float[] values = new float[WIDTH * HEIGHT];
            classes.read(classes.bounds(), new int[] {0}, values);
            for (int i = 0; i < values.length; i++) {
                assertEquals(expected[i] + 1, (int) values[i], "pixel (" + i % WIDTH + ", " + i / WIDTH + ")");
                counts[expected[i]]++;
            }
        }
        for (int count : counts) {
            assertFalse(count == 0, "every class occurs somewhere, so that a wrong mapping could not pass");
        }
    }

    private static long translationScratchFolders() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("ecdkit-translate")).count();
        }
    }
}
