package org.ecdkit.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.DataRange;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.interop.mlm.MlmSchema;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.ecdkit.model.fixture.onnx.OnnxFixtureProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionExportTest {

    @TempDir
    Path dir;

    private static String messages(List<Finding> findings) {
        return findings.stream().map(Finding::message).toList().toString();
    }

    @Test
    void anEmdCarriesEveryFieldAndNamesTheModelRelatively() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        Path emd = dir.resolve("model.emd");
        List<Finding> findings = DefinitionExport.run(ecd, ExportFormat.EMD, emd);
        JsonCursor json = JsonDocumentReader.read(emd).cursor();
        assertEquals(List.of("Framework", "ModelConfiguration", "ModelFile", "ModelType", "ImageHeight", "ImageWidth",
                "ExtractBands", "DataRange", "BatchSize", "ModelPadding", "Classes", "ModelName"), json.keys());
        assertEquals("ONNX", json.get("Framework").asString());
        assertEquals("segmenter.onnx", json.get("ModelFile").asString());
        assertEquals(" Other (Pervious)", json.get("Classes").elements().get(1).get("Name").asString());
        assertTrue(messages(findings).contains("ExtractBands [0, 1, 2, 3] written"), messages(findings));

        ModelDescription back = ModelDescriptions.read(emd);
        assertEquals(DescriptionFormat.EMD, back.format());
        ClassInfo info = back.classInfo();
        assertEquals(TestDefinitions.CLASSES, info.classes());
        assertEquals(4, info.numberRasterBands());
        assertEquals(8, info.miniBatchSize());
        assertEquals(withFirstBands(TestDefinitions.SETTINGS, 4), info.settings());
        assertEquals(TestDefinitions.EXTRAS, info.extras());
        assertEquals(new ModelLocation.OnDisk(dir.resolve("segmenter.onnx").toAbsolutePath()), back.model());
    }

    private static InferenceSettings withFirstBands(InferenceSettings settings, int bands) {
        return new InferenceSettings(java.util.stream.IntStream.range(0, bands).mapToObj(BandSelector::index).toList(),
                settings.imageHeight(), settings.imageWidth(), settings.modelPadding(), settings.dataRange(), settings.modelType());
    }

    @Test
    void aDlpkHoldsTheEmdAndASavedModelFolderWhole() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.TENSORFLOW_SAVED_MODEL, dir);
        Path dlpk = dir.resolve("out/landcover.dlpk");
        Files.createDirectories(dlpk.getParent());
        DefinitionExport.run(ecd, ExportFormat.DLPK, dlpk);
        try (ZipFile zip = new ZipFile(dlpk.toFile())) {
            assertEquals(List.of("landcover.emd", "segmenter/saved_model.pb", "segmenter/variables/variables.data-00000-of-00001",
                    "segmenter/variables/variables.index"), zip.stream().map(e -> e.getName()).toList());
        }
        ModelDescription back = ModelDescriptions.read(dlpk);
        assertEquals(DescriptionFormat.DLPK, back.format());
        assertEquals(new ModelLocation.InPackage(dlpk, "segmenter/"), back.model());
        assertEquals(TestDefinitions.CLASSES, back.classInfo().classes());

        ModelDescriptions.ModelChoice choice = ModelDescriptions.model(dlpk, dir.resolve("extracted"));
        assertEquals(dir.resolve("extracted/landcover/segmenter"), choice.model());
        assertEquals(Optional.of(dir.resolve("extracted/landcover")), choice.extracted());
        assertArrayEquals(Files.readAllBytes(dir.resolve("segmenter/saved_model.pb")),
                Files.readAllBytes(choice.model().resolve("saved_model.pb")));
        // A second use of the same package reuses what the first extracted.
        ModelDescriptions.ModelChoice again = ModelDescriptions.model(dlpk, dir.resolve("extracted"));
        assertEquals(choice.model(), again.model());
        assertEquals(Optional.empty(), again.extracted());
    }

    @Test
    void anMlmItemValidatesAndReadsBack() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        Path item = dir.resolve("item.json");
        List<Finding> findings = DefinitionExport.run(ecd, ExportFormat.MLM, item);
        var json = JsonDocumentReader.read(item).root();
        assertEquals(List.of(), MlmSchema.validate(json, MlmSchema.MLM_URL));
        assertEquals(List.of(), MlmSchema.validate(json, MlmSchema.CLASSIFICATION_URL));
        assertTrue(messages(findings).contains("has no field for ModelPadding 16, DataRange [0.0, 1.0]"), messages(findings));

        JsonCursor properties = JsonDocumentReader.read(item).cursor().get("properties");
        assertEquals("Land cover", properties.get("mlm:name").asString());
        JsonCursor classes = properties.get("mlm:output").elements().get(0).get("classification:classes");
        assertEquals("Other_Pervious", classes.elements().get(1).get("name").asString());
        assertEquals(" Other (Pervious)", classes.elements().get(1).get("title").asString());
        assertEquals("38A800", classes.elements().get(1).get("color_hint").asString());
        JsonCursor input = properties.get("mlm:input").elements().get(0).get("input");
        assertEquals(List.of("batch", "channel", "height", "width"),
                input.get("dim_order").elements().stream().map(JsonCursor::asString).toList());
        assertEquals(List.of(-1L, 4L, 256L, 256L), input.get("shape").elements().stream().map(c -> c.asLong(-1, 99999)).toList());

        ModelDescription back = ModelDescriptions.read(item);
        assertEquals(DescriptionFormat.MLM, back.format());
        assertEquals(TestDefinitions.CLASSES, back.classInfo().classes());
        assertEquals(4, back.classInfo().numberRasterBands());
        assertEquals(8, back.classInfo().miniBatchSize());
        assertEquals(OptionalInt.of(256), back.classInfo().settings().imageHeight());
        assertEquals(TestDefinitions.EXTRAS, back.classInfo().extras());
        assertEquals(new ModelLocation.OnDisk(dir.resolve("segmenter.onnx").toAbsolutePath()), back.model());
    }

    @Test
    void deepnessMetadataLeavesTheGraphAndWeightsByteIdentical() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        Path original = dir.resolve("segmenter.onnx");
        byte[] before = Files.readAllBytes(original);
        Path out = dir.resolve("deepness/segmenter.onnx");
        Files.createDirectories(out.getParent());
        List<Finding> findings = DefinitionExport.run(ecd, ExportFormat.DEEPNESS, out);
        assertArrayEquals(before, Files.readAllBytes(original), "the input is untouched");
        assertTrue(messages(findings).contains("no field for class colours, ModelPadding 16 exactly (13 % overlap reads "
                + "back as 17), MiniBatchSize 8, "), messages(findings));
        assertTrue(messages(findings).contains("ModelName") && messages(findings).contains("ModelConfiguration"));

        OnnxFixtureProto.ModelProto in = OnnxFixtureProto.ModelProto.parseFrom(before);
        OnnxFixtureProto.ModelProto exported = OnnxFixtureProto.ModelProto.parseFrom(Files.readAllBytes(out));
        assertArrayEquals(in.getGraph().toByteArray(), exported.getGraph().toByteArray());
        assertEquals(in.toBuilder().clearMetadataProps().build(), exported.toBuilder().clearMetadataProps().build());
        Map<String, String> metadata = ModelInspectors.standard().inspect(out, InspectOptions.DEFAULT).signature().properties();
        assertEquals("\"Segmentor\"", metadata.get("model_type"));
        assertEquals("256", metadata.get("tile_size"));
        assertEquals("256", metadata.get("tiles_size"));
        assertEquals("13", metadata.get("tiles_overlap"), "16 px on each side of 256: 12.5 % rounds to 13");

        ModelDescription back = ModelDescriptions.read(out);
        assertEquals(DescriptionFormat.DEEPNESS, back.format());
        assertEquals(TestDefinitions.CLASSES.stream().map(ClassEntry::name).toList(),
                back.classInfo().classes().stream().map(ClassEntry::name).toList());
        assertEquals(TestDefinitions.CLASSES.stream().map(ClassEntry::value).toList(),
                back.classInfo().classes().stream().map(ClassEntry::value).toList(), "values 1..n survive as Deepness's i + 1");
        assertEquals(Optional.of(new DataRange(0, 1)), back.classInfo().settings().dataRange());
        assertEquals(OptionalInt.of(17), back.classInfo().settings().modelPadding(), "13 % of 256 over two sides");
    }

    @Test
    void deepnessRefusesModelsItCannotRun() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.TENSORFLOW_SAVED_MODEL, dir);
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class,
                () -> DefinitionExport.run(ecd, ExportFormat.DEEPNESS, dir.resolve("out.onnx")));
        assertTrue(e.getMessage().contains("Deepness runs ONNX models; this definition's model is a TensorFlow SavedModel"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.onnx")));
    }

    @Test
    void deepnessRefusesDetectorsWhoseOutputsItCannotDecode() throws Exception {
        Path detector = OnnxFixtures.markerDetector(dir.resolve("detector.onnx"), 64, 8, 10);
        InferenceSettings detection = new InferenceSettings(List.of(), OptionalInt.of(64), OptionalInt.of(64),
                OptionalInt.of(8), Optional.empty(), Optional.of("ObjectDetection"));
        Path ecd = TestDefinitions.write(detector, dir.resolve("detector.ecd"), TestDefinitions.CLASSES.subList(0, 3),
                detection, Map.of());
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class,
                () -> DefinitionExport.run(ecd, ExportFormat.DEEPNESS, dir.resolve("out.onnx")));
        assertEquals(ecd + ": Deepness runs YOLO-style detectors, one output of shape (1, detections, values); this "
                + "model's outputs (boxes, scores, labels) are not; export to emd, dlpk or mlm instead", e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.onnx")));
    }

    @Test
    void aChangedModelIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path ecd = TestDefinitions.write(ModelFormat.ONNX, dir);
        Files.write(dir.resolve("segmenter.onnx"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        for (ExportFormat format : ExportFormat.values()) {
            Path out = dir.resolve("out." + format.id());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> DefinitionExport.run(ecd, format, out));
            assertTrue(e.getMessage().contains("has changed since this definition was written"), e.getMessage());
            assertFalse(Files.exists(out), format.id());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".partial")));
        }
    }

    @Test
    void externalDataTravelsWithAnExportedDeepnessModel() throws Exception {
        Path model = OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 4, "height", "width")
                .externalInitializer("W", new long[] {5, 4, 1, 1}, new float[20], "weights.bin")
                .node("Conv", List.of("image", "W"), List.of("scores"), OnnxModelBuilder.ints("kernel_shape", 1, 1))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 5, "height", "width")
                .write(dir.resolve("ext.onnx"));
        Path ecd = TestDefinitions.write(model, dir.resolve("ext.ecd"), TestDefinitions.CLASSES, TestDefinitions.SETTINGS, Map.of());
        Path out = dir.resolve("qgis/ext.onnx");
        Files.createDirectories(out.getParent());
        DefinitionExport.run(ecd, ExportFormat.DEEPNESS, out);
        assertArrayEquals(Files.readAllBytes(dir.resolve("weights.bin")), Files.readAllBytes(dir.resolve("qgis/weights.bin")));
        assertTrue(ModelInspectors.standard().inspect(out, InspectOptions.DEFAULT).findings().stream().noneMatch(Finding::isError));
    }
}
