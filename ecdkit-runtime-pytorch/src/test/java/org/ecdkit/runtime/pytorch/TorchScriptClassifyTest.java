package org.ecdkit.runtime.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript model, converted as the ArcGIS tool converts it (its shapes declared from the class
 * info, since a TorchScript archive records none), classifies on libtorch: every pixel gets the class
 * PyTorch's own whole-image argmax gives it, tiles, padding and batches notwithstanding.
 */
class TorchScriptClassifyTest {

    @TempDir
    Path dir;

    @Test
    void aTorchScriptDefinitionClassifiesAsPyTorchDoesOnTheWholeImage() throws Exception {
        TorchScriptFixtures.Made made = TorchScriptFixtures.make(dir, 230, 170);
        Path info = Files.writeString(dir.resolve("classes.json"), """
                {"Classifier":"PyTorch","NumberRasterBands":4,"MiniBatchSize":3,
                 "Classes":[{"Value":100,"Name":"Impervious","Color":[204,204,204]},
                            {"Value":200,"Name":"Other","Color":[56,168,0]}]}
                """);
        Path ecd = dir.resolve("segmenter.ecd");
        DeepLearningModelToEcd.run(made.archive("segmenter"), info, ecd);
        Path out = dir.resolve("classes.tif");
        // Tiles of 64 with 4 pixels of padding: the two 3x3 convolutions see 2 pixels around each.
        ClassificationSummary summary = ClassifyRaster.run(ecd, made.scene(), out, ClassifyOptions.DEFAULT.withTile(64)
                .withPadding(4), ClassifyListener.SILENT);
        assertTrue(summary.plan().runner().runtime().startsWith("PyTorch 2.7.1"), summary.plan().runner().toString());
        try (GeoTiffSource classes = GeoTiffSource.open(out)) {
            float[] values = new float[made.width() * made.height()];
            classes.read(classes.bounds(), new int[] {0}, values);
            for (int i = 0; i < values.length; i++) {
                assertEquals(made.classes()[i] == 0 ? 100 : 200, (int) values[i], "pixel (" + i % made.width() + ", "
                        + i / made.width() + ")");
            }
        }
    }
}
