package org.ecdkit.translate.cntk;

import static org.ecdkit.translate.cntk.CntkFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNTK definition classifies: converted as the ArcGIS tool converts it, run by translation, and
 * every pixel of a scene the size of the model's input gets the class of CNTK's own highest score.
 * CNTK fixes the input size and keeps the batch out of its shapes, so the model is fed one sample a call.
 */
class CntkClassifyTest {

    @TempDir
    Path dir;

    @Test
    void aCntkDefinitionClassifiesAsCntkScores() throws Exception {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(11).input("image", 1, 3, 12, 10).weight("w1", 6, 3, 3, 3)
                .weight("w2", 3, 6, 1, 1)
                .node("Conv", new String[] {"image", "w1"}, "c1", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        ints("strides", 1, 1))
                .node("Relu", new String[] {"c1"}, "r1")
                .node("Conv", new String[] {"r1", "w2"}, "scores", ints("kernel_shape", 1, 1), ints("pads", 0, 0, 0, 0),
                        ints("strides", 1, 1))
                .output("scores", 1, 3, 12, 10);
        CntkFixtures.Made made = CntkFixtures.make(graph, "segmenter", dir, 1, 3, 12, 10);
        // The scene holds the sample CNTK was fed: band b, row y, column x is input[b][y][x].
        Path scene = GeoTiffFixture.of(10, 12, 3, SampleType.FLOAT32, (x, y, b) -> made.input().data().get(b * 120 + y * 10 + x))
                .epsg(32611, 500000, 4100000, 1).write(dir.resolve("scene.tif"));
        Path info = Files.writeString(dir.resolve("classes.json"), """
                {"Classifier":"CNTK","NumberRasterBands":3,"MiniBatchSize":1,
                 "Classes":[{"Value":10,"Name":"a","Color":[255,0,0]},{"Value":20,"Name":"b","Color":[0,255,0]},
                            {"Value":30,"Name":"c","Color":[0,0,255]}]}
                """);
        Path ecd = dir.resolve("segmenter.ecd");
        DeepLearningModelToEcd.run(made.model(), info, ecd);
        Path out = dir.resolve("classes.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        assertTrue(summary.plan().runner().runtime().contains("CNTK v2 model translated to ONNX"), summary.plan().runner().toString());
        try (GeoTiffSource classes = GeoTiffSource.open(out)) {
            float[] values = new float[120];
            classes.read(classes.bounds(), new int[] {0}, values);
            for (int pixel = 0; pixel < 120; pixel++) {
                int best = 0;
                for (int c = 1; c < 3; c++) {
                    if (made.output().data().get(c * 120 + pixel) > made.output().data().get(best * 120 + pixel)) {
                        best = c;
                    }
                }
                assertEquals(10 * (best + 1), (int) values[pixel], "pixel " + pixel);
            }
        }
    }
}
