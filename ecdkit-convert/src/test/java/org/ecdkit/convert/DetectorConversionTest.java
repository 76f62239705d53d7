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
        assertTrue(e.getMessage().contains("follow neither detection convention"), e.getMessage());
        Path named = Files.writeString(dir.resolve("n.json"), "{\"NumberRasterBands\": 2, \"ModelType\": \"ObjectDetection\", "
                + "\"DetectionOutputs\": {\"Boxes\": \"a\", \"Scores\": \"b\", \"Classes\": \"zz\"}, " + CLASSES + "}");
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> DeepLearningModelToEcd.run(model, named, dir.resolve("d.ecd")));
        assertTrue(missing.getMessage().contains("names output \"zz\", which the model lacks"), missing.getMessage());
    }
}
