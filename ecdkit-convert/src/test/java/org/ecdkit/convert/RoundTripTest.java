package org.ecdkit.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.DefaultColors;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.interop.DefinitionExport;
import org.ecdkit.interop.ExportFormat;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ecd -> X -> ecd for every format X: what X can carry comes back unchanged, what it cannot is named
 * in the export's warning. The second conversion reads X where a class-info file goes (and, for a
 * package or an item, as the model too), as a user would.
 */
class RoundTripTest {

    static final String CLASS_INFO = """
            {"Classifier": "ONNX", "NumberRasterBands": 4, "MiniBatchSize": 8,
             "ImageHeight": 256, "ImageWidth": 256, "ModelPadding": 16, "DataRange": [0, 1],
             "ModelType": "ImageClassification", "ModelName": "Land cover", "ModelConfiguration": "UNet",
             "Classes": [{"Value": 1, "Name": "Water", "Color": [0, 0, 255]},
                         {"Value": 2, "Name": " Other (Pervious)", "Color": [56, 168, 0]},
                         {"Value": 3, "Name": "Trees", "Color": [0, 100, 0]},
                         {"Value": 4, "Name": "Roofs", "Color": [200, 30, 30]},
                         {"Value": 5, "Name": "Roads", "Color": [90, 90, 90]}]}
            """;

    @TempDir
    Path dir;

    Path model;
    Path ecd;
    ClassifierDefinition original;

    @BeforeEach
    void convertOnce() throws Exception {
        model = ModelFixtures.segmenter(ModelFormat.ONNX, dir);
        Path info = Files.writeString(dir.resolve("classes.json"), CLASS_INFO);
        ecd = dir.resolve("model.ecd");
        DeepLearningModelToEcd.run(model, info, ecd);
        original = EcdReader.read(ecd).value().first();
    }

    private ClassifierDefinition back(Path modelArgument, Path description) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("back"));
        Path out = folder.resolve("back.ecd");
        DeepLearningModelToEcd.run(modelArgument, description, out);
        return EcdReader.read(out).value().first();
    }

    private static String messages(List<Finding> findings) {
        return findings.stream().map(Finding::message).toList().toString();
    }

    /** The first N bands, written out: what an .emd carries for a definition that left them implicit. */
    private static InferenceSettings firstBands(InferenceSettings settings, int bands) {
        return new InferenceSettings(IntStream.range(0, bands).mapToObj(BandSelector::index).toList(), settings.imageHeight(),
                settings.imageWidth(), settings.modelPadding(), settings.dataRange(), settings.modelType());
    }

    private static void assertSameModel(ModelReference expected, ModelReference actual) {
        assertEquals(expected.format(), actual.format());
        assertEquals(expected.sha256(), actual.sha256());
        assertEquals(expected.inputName(), actual.inputName());
        assertEquals(expected.outputName(), actual.outputName());
        assertEquals(expected.signature().inputs(), actual.signature().inputs());
        assertEquals(expected.signature().outputs(), actual.signature().outputs());
    }

    @Test
    void emdCarriesEverything() throws Exception {
        Path emd = dir.resolve("model.emd");
        List<Finding> findings = DefinitionExport.run(ecd, ExportFormat.EMD, emd);
        assertTrue(findings.stream().noneMatch(f -> f.code().equals("not-carried")), messages(findings));
        ClassifierDefinition back = back(model, emd);
        assertEquals(original.classifier(), back.classifier());
        assertEquals(original.numberBands(), back.numberBands());
        assertEquals(original.miniBatchSize(), back.miniBatchSize());
        assertEquals(original.classes(), back.classes());
        assertEquals(firstBands(original.settings(), 4), back.settings());
        assertEquals(original.extras(), back.extras());
        assertSameModel(original.model().orElseThrow(), back.model().orElseThrow());
    }

    @Test
    void dlpkCarriesEverythingAndItsModelIsExtractedBesideTheDefinition() throws Exception {
        Path dlpk = dir.resolve("landcover.dlpk");
        DefinitionExport.run(ecd, ExportFormat.DLPK, dlpk);
        ClassifierDefinition back = back(dlpk, dlpk);
        assertEquals(original.classes(), back.classes());
        assertEquals(original.miniBatchSize(), back.miniBatchSize());
        assertEquals(firstBands(original.settings(), 4), back.settings());
        assertEquals(original.extras(), back.extras());
        assertSameModel(original.model().orElseThrow(), back.model().orElseThrow());
        assertEquals("landcover/segmenter.onnx", back.model().orElseThrow().modelFile());
        assertTrue(Files.isRegularFile(dir.resolve("back/landcover/segmenter.onnx")));
    }

    @Test
    void mlmCarriesClassesBandsBatchAndTileButNotPaddingOrRange() throws Exception {
        Path item = dir.resolve("item.json");
        List<Finding> findings = DefinitionExport.run(ecd, ExportFormat.MLM, item);
        assertTrue(messages(findings).contains("has no field for ModelPadding 16, DataRange [0.0, 1.0]"), messages(findings));
        ClassifierDefinition back = back(item, item);
        assertEquals(original.classes(), back.classes(), "names verbatim through title, colours through color_hint");
        assertEquals(original.numberBands(), back.numberBands());
        assertEquals(original.miniBatchSize(), back.miniBatchSize());
        assertEquals(original.settings().imageHeight(), back.settings().imageHeight());
        assertEquals(original.settings().imageWidth(), back.settings().imageWidth());
        assertEquals(original.settings().modelType(), back.settings().modelType());
        // The item has no field for ModelPadding 16: converting it back takes the model's own padding
        // from its receptive field (a 1 x 1 convolution: 0), not the class info's.
        assertEquals(OptionalInt.of(0), back.settings().modelPadding());
        assertEquals(java.util.Optional.empty(), back.settings().dataRange());
        assertEquals(original.extras(), back.extras());
        assertSameModel(original.model().orElseThrow(), back.model().orElseThrow());
    }

    @Test
    void deepnessCarriesNamesTileAndRangeButNotColoursOrBatch() throws Exception {
        Path onnx = dir.resolve("deepness.onnx");
        List<Finding> findings = DefinitionExport.run(ecd, ExportFormat.DEEPNESS, onnx);
        assertTrue(messages(findings).contains("no field for class colours, ModelPadding 16 exactly"), messages(findings));
        ClassifierDefinition back = back(onnx, onnx);
        assertEquals(original.classes().stream().map(ClassEntry::value).toList(),
                back.classes().stream().map(ClassEntry::value).toList(), "values 1..n are Deepness's own");
        assertEquals(original.classes().stream().map(ClassEntry::name).toList(),
                back.classes().stream().map(ClassEntry::name).toList());
        assertEquals(IntStream.range(0, 5).mapToObj(DefaultColors::forIndex).toList(),
                back.classes().stream().map(ClassEntry::color).toList(), "colours are not carried");
        assertEquals(original.settings().imageHeight(), back.settings().imageHeight());
        assertEquals(original.settings().dataRange(), back.settings().dataRange());
        assertEquals(OptionalInt.of(17), back.settings().modelPadding(), "16 px is 12.5 %, written as 13 %");
        assertEquals(OptionalInt.of(1), back.miniBatchSize());
        assertEquals(Map.<String, JsonValue>of(), back.extras());
        ModelReference before = original.model().orElseThrow();
        ModelReference after = back.model().orElseThrow();
        assertNotEquals(before.sha256(), after.sha256(), "the metadata is part of the file");
        assertEquals(before.signature().inputs(), after.signature().inputs());
        assertEquals(before.signature().outputs(), after.signature().outputs());
    }

    @Test
    void anEcdStandsForAClassInfoFile() throws Exception {
        ClassifierDefinition back = back(model, ecd);
        assertEquals(original.classes(), back.classes());
        assertEquals(original.settings(), back.settings());
        assertEquals(original.extras(), back.extras());
        assertSameModel(original.model().orElseThrow(), back.model().orElseThrow());
    }
}
