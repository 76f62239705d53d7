package org.ecdkit.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ecdkit.classify.fixture.ClassifyFixtures;
import org.ecdkit.runtime.tensorflow.TensorFlowModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classify runs TensorFlow definitions exactly as ONNX ones: the same function gives the same raster. */
class TensorFlowClassifyTest {

    @TempDir
    Path dir;

    private long[] classify(Path ecd, Path scene, String name) {
        Path out = dir.resolve(name + ".tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(4),
                ClassifyListener.SILENT);
        assertTrue(summary.plan().runner().runtime().startsWith(name.equals("onnx") ? "ONNX Runtime" : "TensorFlow"),
                summary.plan().runner().toString());
        return ClassifyRasterTest.values(out);
    }

    @Test
    void aSavedModelAndAFrozenGraphClassifyLikeTheOnnxModel() throws Exception {
        Path scene = ClassifyFixtures.scene(150, 100).write(dir.resolve("scene.tif"));
        long[] onnx = classify(ClassifyFixtures.thresholdDefinition(dir), scene, "onnx");
        Path saved = ClassifyFixtures.definition(dir, TensorFlowModels.savedModel(dir.resolve("saved")),
                ClassifyFixtures.TWO_CLASSES, "saved");
        Path frozen = ClassifyFixtures.definition(dir, TensorFlowModels.frozenGraph(dir.resolve("frozen.pb")),
                ClassifyFixtures.TWO_CLASSES, "frozen");
        assertArrayEquals(onnx, classify(saved, scene, "savedmodel"));
        assertArrayEquals(onnx, classify(frozen, scene, "frozengraph"));
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 150; x++) {
                assertEquals(ClassifyFixtures.thresholdClass(x, y), onnx[y * 150 + x]);
            }
        }
    }
}
