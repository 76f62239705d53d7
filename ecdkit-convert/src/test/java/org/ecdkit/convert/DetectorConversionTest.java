package org.ecdkit.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Object detectors convert too: their outputs are recognised by convention, or named. */
class DetectorConversionTest {

    static final String CLASSES = "\"Classes\": [{\"Value\": 1, \"Name\": \"Tree\", \"Color\": [0, 128, 0]}]";

    @TempDir
    Path dir;

    @Test
    void aDetectorIsRecognisedByItsOutputsEvenWithoutAModelType() throws Exception {
        Path model = OnnxFixtures.markerDetector(dir.resolve("d.onnx"), 64, 10, 20);
        Path info = Files.writeString(dir.resolve("c.json"), "{\"NumberRasterBands\": 2, " + CLASSES + "}");
        Conversion done = DeepLearningModelToEcd.run(model, info, dir.resolve("d.ecd"));
        ClassifierDefinition definition = EcdReader.read(dir.resolve("d.ecd")).value().first();
        assertEquals(Optional.of("ObjectDetection"), definition.settings().modelType());
        assertEquals(OutputKind.DETECTIONS, definition.model().orElseThrow().outputKind());
        assertEquals("boxes", definition.model().orElseThrow().outputName());
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("detector")
                && f.message().contains("boxes-scores-labels convention (outputs boxes, scores, labels)")), done.findings().toString());
    }

    @Test
    void aDetectorWhoseOutputsFollowNoConventionMustNameThem() throws Exception {
        Path model = OnnxFixtures.markerDetector(dir.resolve("d.onnx"), 64, 10, 20, "a", "b", "c");
        Path info = Files.writeString(dir.resolve("c.json"), "{\"NumberRasterBands\": 2, \"ModelType\": \"ObjectDetection\", "
                + CLASSES + "}");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DeepLearningModelToEcd.run(model, info, dir.resolve("d.ecd")));
        assertTrue(e.getMessage().contains("follow no detection convention ecdkit reads"), e.getMessage());
        Path named = Files.writeString(dir.resolve("n.json"), "{\"NumberRasterBands\": 2, \"ModelType\": \"ObjectDetection\", "
                + "\"DetectionOutputs\": {\"Boxes\": \"a\", \"Scores\": \"b\", \"Classes\": \"zz\"}, " + CLASSES + "}");
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> DeepLearningModelToEcd.run(model, named, dir.resolve("d.ecd")));
        assertTrue(missing.getMessage().contains("names output \"zz\", which the model lacks"), missing.getMessage());
    }

    @Test
    void anUnbatchedImageFoundWithTheBandCountMakesPlainOutputsTorchvisions() throws Exception {
        // No convolution to tell: only the class info's 3 bands say [3, 32, 32] is one image, not 3 one-band ones.
        Path model = org.ecdkit.model.fixture.OnnxModelBuilder.pytorch()
                .input("images", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, 3, 32, 32)
                .initializer("b", new long[] {2, 4}, new float[] {1, 1, 5, 5, 2, 2, 9, 9})
                .initializer("s", new long[] {2}, new float[] {0.9f, 0.8f})
                .initializer("l", new long[] {2}, new float[] {1, 1})
                .node("Identity", java.util.List.of("b"), java.util.List.of("boxes"))
                .node("Identity", java.util.List.of("s"), java.util.List.of("scores"))
                .node("Identity", java.util.List.of("l"), java.util.List.of("labels"))
                .output("boxes", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, 2, 4)
                .output("scores", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, 2)
                .output("labels", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, 2)
                .write(dir.resolve("t.onnx"));
        Path info = Files.writeString(dir.resolve("c.json"), "{\"NumberRasterBands\": 3, " + CLASSES + "}");
        Conversion done = DeepLearningModelToEcd.run(model, info, dir.resolve("t.ecd"));
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("layout-choice")
                && f.message().contains("is taken as CHW (one image, 3 bands)")), done.findings().toString());
        ClassifierDefinition definition = EcdReader.read(dir.resolve("t.ecd")).value().first();
        assertEquals(org.ecdkit.core.model.Layout.CHW, definition.model().orElseThrow().signature().input("images").orElseThrow()
                .layout().layout(), "the settled layout is what the definition records, and what detect feeds");
        org.ecdkit.core.model.DetectionOutputs outputs = org.ecdkit.format.definition.DetectionOutputsJson
                .read(definition.extras(), org.ecdkit.core.error.Place.of(dir.resolve("t.ecd"))).orElseThrow();
        assertEquals(org.ecdkit.core.model.DetectionOutputs.Convention.TORCHVISION, outputs.convention());
        assertEquals(1, outputs.firstLabel());
        assertTrue(done.findings().stream().anyMatch(f -> f.message().contains("labels 1 to 1 (0 is the background)")
                || f.message().contains("label 1 (0 is the background)")), done.findings().toString());
    }

    @Test
    void aFirstLabelThatIsNoLabelIsRefusedWhereItIsWritten() throws Exception {
        Path model = OnnxFixtures.markerDetector(dir.resolve("d.onnx"), 64, 10, 20);
        Path info = Files.writeString(dir.resolve("c.json"), "{\"NumberRasterBands\": 2, \"DetectionOutputs\": "
                + "{\"Boxes\": \"boxes\", \"Scores\": \"scores\", \"Classes\": \"labels\", \"FirstLabel\": -1}, " + CLASSES + "}");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DeepLearningModelToEcd.run(model, info, dir.resolve("d.ecd")));
        assertTrue(e.getMessage().contains("DetectionOutputs.FirstLabel") && e.getMessage().contains("c.json"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("d.ecd")));
    }
}
