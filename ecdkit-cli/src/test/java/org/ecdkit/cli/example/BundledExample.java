package org.ecdkit.cli.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.model.fixture.OnnxModelBuilder;

/**
 * Writes the example bundled in {@code examples/impervious}: the files {@code ./ecdkit demo} runs on.
 * {@code BundledExampleTest} checks the committed files are exactly what this writes.
 *
 * <p>The model separates impervious surfaces from vegetation in 4-band imagery (red, green, blue,
 * near-infrared, as NAIP delivers it), the classes of the ArcGIS tool's own example. It is a tiny
 * fully convolutional net with hand-set weights: a 3x3 convolution measures how much red exceeds
 * near-infrared and the reverse (ReLU keeps each side positive), and a second 3x3 convolution
 * smooths both, so each output pixel sees a 5x5 neighbourhood. Impervious wins where red exceeds
 * near-infrared around the pixel; vegetation reflects near-infrared strongly and wins elsewhere.
 */
public final class BundledExample {

    public static final String MODEL = "model.onnx";
    public static final String CLASS_INFO = "classes.json";

    /** The class-info file: the tool documentation's example, for an ONNX model, with tiling keys. */
    static final String CLASS_INFO_TEXT = """
            {"ImportDeepLearningModelToEsriExtraInfo":0, "Version":1, "Classifier":"ONNX",
             "NumberRasterBands":4, "MiniBatchSize":16,
             "ImageHeight":256, "ImageWidth":256, "ModelPadding":8,
             "Classes":[{"Value":100,"Name":"Impervious","Color":[204,204,204]},
                        {"Value":200,"Name":" Other (Pervious)","Color":[56,168,0]}]}
            """;

    private BundledExample() {
    }

    public static void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        model().write(folder.resolve(MODEL));
        Files.writeString(folder.resolve(CLASS_INFO), CLASS_INFO_TEXT);
    }

    static OnnxModelBuilder model() {
        float ninth = 1f / 9;
        float[][][] difference = new float[2][4][9];
        for (int k = 0; k < 9; k++) {
            difference[0][0][k] = ninth;   // impervious evidence: red ...
            difference[0][3][k] = -ninth;  // ... minus near-infrared
            difference[1][0][k] = -ninth;  // pervious evidence: near-infrared minus red
            difference[1][3][k] = ninth;
        }
        float[][][] smoothing = new float[2][2][9];
        for (int k = 0; k < 9; k++) {
            smoothing[0][0][k] = ninth;
            smoothing[1][1][k] = ninth;
        }
        return OnnxModelBuilder.producer("ecdkit-example", "1")
                .input("image", OnnxModelBuilder.FLOAT, "batch", 4, "height", "width")
                .conv("image", "evidence", difference, new float[] {0, 0}, 3)
                .node("Relu", List.of("evidence"), List.of("positive"))
                .conv("positive", "scores", smoothing, new float[] {0, 0}, 3)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width")
                .metadata("description", "ecdkit bundled example: impervious vs pervious from 4-band imagery");
    }
}
