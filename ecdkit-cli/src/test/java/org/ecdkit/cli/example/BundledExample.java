package org.ecdkit.cli.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;

/**
 * Writes the example bundled in {@code examples/impervious}: the files {@code ./ecdkit demo} runs on.
 * {@code BundledExampleTest} checks the committed files are exactly what this writes.
 *
 * <p>The model separates impervious surfaces from vegetation in 4-band imagery (red, green, blue,
 * near-infrared, as NAIP delivers it), the classes of the ArcGIS tool's own example: see
 * {@link OnnxFixtures#imperviousExample()}. Vegetation reflects near-infrared strongly; pavement and
 * roofs do not.
 */
public final class BundledExample {

    public static final String MODEL = "model.onnx";
    public static final String CLASS_INFO = "classes.json";
    public static final String SCENE = "scene.tif";

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
        ExampleScene.fixture().write(folder.resolve(SCENE));
    }

    static OnnxModelBuilder model() {
        return OnnxFixtures.imperviousExample();
    }
}
