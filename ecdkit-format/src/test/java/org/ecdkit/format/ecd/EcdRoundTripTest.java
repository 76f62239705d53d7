package org.ecdkit.format.ecd;

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
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonWriter;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.ShapeSource;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.definition.Rgb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcdRoundTripTest {

    @TempDir
    Path dir;

    static ClassifierDefinitionFile sample() {
        TensorSpec input = TensorSpec.read("image", ElementType.FLOAT32,
                Shape.of(List.of(Dim.symbolic("N"), Dim.of(4), Dim.unknown(), Dim.unknown())),
                new TensorLayout(Layout.NCHW, Confidence.INFERRED, "axis 1 is fixed"));
        TensorSpec output = new TensorSpec("scores", ElementType.FLOAT32, Shape.unknownRank(), TensorLayout.UNKNOWN, ShapeSource.DECLARED);
        ModelSignature signature = new ModelSignature(ModelFormat.ONNX, "IR 8, opset 17", "pytorch 2.1",
                List.of(input), List.of(output), Map.of("author", "me"), List.of("a note"));
        ModelReference model = new ModelReference("models/m.onnx", ModelFormat.ONNX, "ab".repeat(32), 1234,
                List.of("m.onnx", "m.onnx.data"), "image", "scores", OutputKind.CLASS_SCORES, signature);
        ClassifierDefinition definition = new ClassifierDefinition("ONNX", 4, OptionalInt.of(16),
                List.of(new ClassEntry(100, "Impervious", new Rgb(204, 204, 204)),
                        new ClassEntry(200, " Other (Pervious)", new Rgb(56, 168, 0), Map.of("Note", JsonNumber.of(1)))),
                Optional.of(model), InferenceSettings.NONE.withTileSize(256, 256),
                Map.of("Author", org.ecdkit.core.json.JsonString.of("me")));
        return ClassifierDefinitionFile.of(definition);
    }

    @Test
    void whatIsWrittenReadsBackEqual() throws Exception {
        Path out = dir.resolve("out.ecd");
        EcdWriter.write(sample(), out, List.of());
        Parsed<ClassifierDefinitionFile> back = EcdReader.read(out);
        assertEquals(List.of(), back.findings());
        assertEquals(sample(), back.value());
        assertEquals(Files.readString(out), JsonWriter.write(EcdWriter.toJson(back.value())));
    }

    @Test
    void theEnvelopeAndClassFormAreArcGisOwn() throws Exception {
        String text = JsonWriter.write(EcdWriter.toJson(sample()));
        assertTrue(text.startsWith("{\n  \"EsriClassifierDefinitionFile\": 0,\n  \"FileVersion\": 1,\n  \"NumberDefinitions\": 1,"), text);
        assertTrue(text.contains("{\"ClassValue\": 100, \"ClassName\": \"Impervious\", \"Red\": 204, \"Green\": 204, \"Blue\": 204}"), text);
        assertTrue(text.contains("\"Shape\": [\"N\", 4, null, null]"), text);
    }

    /** The Maximum Likelihood definition quoted in docs/formats.md, as ArcGIS writes it. */
    static final String ARCGIS_MLC = "{\"EsriClassifierDefinitionFile\":0,\"FileVersion\":1,\"NumberDefinitions\":1,"
            + "\"Definitions\":[{\"Classifier\":\"MaximumLikelihood\",\"NumberClasses\":2,\"RasterIsSegmented\":false,"
            + "\"NumberBands\":3,\"Classes\":[{\"ClassValue\":1,\"ClassName\":\"Vegetation\",\"Red\":230,\"Green\":0,"
            + "\"Blue\":0,\"Count\":546,\"Means\":[244.9359,14.88278,15.21978],\"Covariances\":[[10.26146,0.1390063,"
            + "0.1074951],[0.1390063,10.31593,0.0001207584],[0.1074951,0.0001207584,10.19345]]},{\"ClassValue\":2,"
            + "\"ClassName\":\"Water\",\"Red\":0,\"Green\":77,\"Blue\":168,\"Count\":716,\"Means\":[15.05587,15.01257,"
            + "244.9567],\"Covariances\":[[10.18124,0.1152196,0.2789551],[0.1152196,10.02638,-0.3583943],[0.2789551,"
            + "-0.3583943,10.11684]]}]}]}";

    @Test
    void readsArcGisStatisticalDefinitionsKeepingTheirStatistics() throws Exception {
        Path file = dir.resolve("mlc.ecd");
        Files.writeString(file, ARCGIS_MLC);
        ClassifierDefinition definition = EcdReader.read(file).value().first();
        assertEquals("MaximumLikelihood", definition.classifier());
        assertFalse(definition.isDeepLearning());
        assertEquals(3, definition.numberBands());
        assertEquals(List.of("Count", "Means", "Covariances"), List.copyOf(definition.classes().get(1).extras().keySet()));
        assertEquals(new Rgb(0, 77, 168), definition.classes().get(1).color());
        assertEquals(List.of("RasterIsSegmented"), List.copyOf(definition.extras().keySet()));
        // Written back, the statistics survive.
        Path again = dir.resolve("again.ecd");
        EcdWriter.write(EcdReader.read(file).value(), again, List.of(file));
        assertEquals(EcdReader.read(file).value(), EcdReader.read(again).value());
    }

    @Test
    void fileVersionThreeIsRead() throws Exception {
        Path file = dir.resolve("v3.ecd");
        Files.writeString(file, ARCGIS_MLC.replace("\"FileVersion\":1", "\"FileVersion\":3"));
        Parsed<ClassifierDefinitionFile> parsed = EcdReader.read(file);
        assertEquals(3, parsed.value().fileVersion());
        assertEquals(List.of(), parsed.findings());
    }

    @Test
    void aFileWithoutTheMarkerIsNotADefinition() throws Exception {
        Path file = dir.resolve("other.ecd");
        Files.writeString(file, "{\"Definitions\":[]}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EcdReader.read(file));
        assertTrue(e.getMessage().endsWith("not an Esri classifier definition: missing key \"EsriClassifierDefinitionFile\""));
    }

    @Test
    void aDeepLearningDefinitionWithoutAModelIsRefused() throws Exception {
        Path file = dir.resolve("nomodel.ecd");
        Files.writeString(file, "{\"EsriClassifierDefinitionFile\":0,\"FileVersion\":1,\"Definitions\":[{\"Classifier\":\"ONNX\",\"Classes\":[]}]}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> EcdReader.read(file));
        assertTrue(e.getMessage().endsWith("a ONNX definition needs \"ModelFile\""), e.getMessage());
    }

    @Test
    void relativeModelPathsResolveAgainstTheDefinitionsFolder() {
        ModelReference model = sample().first().model().orElseThrow();
        assertEquals(dir.resolve("models/m.onnx"), model.resolve(dir.resolve("out.ecd")));
    }
}
