package org.ecdkit.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptions are told apart by content, whatever their names. */
class ModelDescriptionsTest {

    @TempDir
    Path dir;

    @Test
    void eachKindIsRecognised() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        assertEquals(DescriptionFormat.ECD, ModelDescriptions.read(Files.copy(ecd, dir.resolve("a.json"))).format());
        for (ExportFormat format : ExportFormat.values()) {
            Path out = dir.resolve("out-" + format.id() + ".bin");
            DefinitionExport.run(ecd, format, out);
            assertEquals(format.format(), ModelDescriptions.read(out).format(), format.id());
        }
        Path classInfo = Files.writeString(dir.resolve("classes.emd"), "{\"NumberRasterBands\": 3, \"Classes\": "
                + "[{\"Value\": 1, \"Name\": \"a\", \"Color\": [1, 2, 3]}]}");
        assertEquals(DescriptionFormat.CLASS_INFO, ModelDescriptions.read(classInfo).format(), "content wins over .emd");
    }

    @Test
    void anEcdStandsForItsClassesAndItsModel() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.TFLITE, dir);
        ModelDescription description = ModelDescriptions.read(ecd);
        assertEquals(TestDefinitions.CLASSES, description.classInfo().classes());
        assertEquals(new ModelLocation.OnDisk(dir.resolve("segmenter.tflite").toAbsolutePath()), description.model());
    }

    @Test
    void aDeepnessModelSaysWhichValuesAndColoursItsClassesGet() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        Path onnx = dir.resolve("deepness.onnx");
        DefinitionExport.run(ecd, ExportFormat.DEEPNESS, onnx);
        ModelDescription description = ModelDescriptions.read(onnx);
        int n = TestDefinitions.CLASSES.size();
        assertEquals(IntStream.rangeClosed(1, n).asLongStream().boxed().toList(),
                description.classInfo().classes().stream().map(c -> c.value()).toList());
        assertTrue(description.findings().stream().anyMatch(f -> f.message().endsWith(
                "class i takes value i + 1, as Deepness writes it (1.." + n + "), and a default colour")),
                description.findings().toString());
    }

    @Test
    void anOnnxModelWithoutDeepnessMetadataCannotStandForClasses() throws Exception {
        Path onnx = ModelFixtures.segmenter(ModelFormat.ONNX, dir);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelDescriptions.read(onnx));
        assertTrue(e.getMessage().contains("an ONNX model without Deepness metadata"), e.getMessage());
    }

    @Test
    void anythingElseIsNamedAsUnknown() throws Exception {
        Path noise = Files.write(dir.resolve("noise.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelDescriptions.read(noise));
        assertTrue(e.getMessage().contains("not a description of a model's classes ecdkit knows"), e.getMessage());
    }

    @Test
    void anItemWhoseModelIsOnlineIsRefusedWithTheWayForward() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        Path item = dir.resolve("item.json");
        DefinitionExport.run(ecd, ExportFormat.MLM, item);
        Files.writeString(item, Files.readString(item).replace("\"href\": \"segmenter.onnx\"",
                "\"href\": \"https://example.org/segmenter.onnx\""));
        var e = assertThrows(org.ecdkit.core.error.UnsupportedInputException.class, () -> ModelDescriptions.model(item, dir));
        assertTrue(e.getMessage().contains("ecdkit does not download models"), e.getMessage());
    }
}
