package org.ecdkit.format.classinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.Framework;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.DataRange;
import org.ecdkit.format.definition.Rgb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassInfoReaderTest {

    /** The example of the ArcGIS tool's documentation, byte for byte. */
    static final String SEED = """
            {"ImportDeepLearningModelToEsriExtraInfo":0, "Version":1, "Classifier":"CNTK",
             "NumberRasterBands":4, "MiniBatchSize":16,
             "Classes":[{"Value":100,"Name":"Impervious","Color":[204,204,204]},
                        {"Value":200,"Name":" Other (Pervious)","Color":[56,168,0]}]}
            """;

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("classes.json");
        Files.writeString(file, text);
        return file;
    }

    private Parsed<ClassInfo> read(String text) throws Exception {
        return ClassInfoReader.read(file(text));
    }

    private String refusal(String text) throws Exception {
        Path file = file(text);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClassInfoReader.read(file));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage().substring(file.toString().length());
    }

    @Test
    void readsTheDocumentedExampleWithNamesVerbatim() throws Exception {
        Parsed<ClassInfo> parsed = read(SEED);
        ClassInfo info = parsed.value();
        assertEquals(Framework.CNTK, info.classifier().orElseThrow());
        assertEquals(4, info.numberRasterBands());
        assertEquals(16, info.miniBatchSize());
        assertEquals(2, info.classes().size());
        assertEquals(100, info.classes().get(0).value());
        assertEquals("Impervious", info.classes().get(0).name());
        assertEquals(new Rgb(204, 204, 204), info.classes().get(0).color());
        assertEquals(" Other (Pervious)", info.classes().get(1).name());
        assertEquals(new Rgb(56, 168, 0), info.classes().get(1).color());
        assertEquals(List.of(), parsed.findings());
    }

    @Test
    void classifierIsCaseInsensitive() throws Exception {
        assertEquals(Framework.TENSORFLOW, read(SEED.replace("\"CNTK\"", "\"tensorflow\"")).value().classifier().orElseThrow());
    }

    @Test
    void readsTheModelDefinitionKeysAlongside() throws Exception {
        ClassInfo info = read(SEED.replace("\"MiniBatchSize\":16,", """
                "MiniBatchSize":16, "ExtractBands":[0,1,2,3], "ImageHeight":256, "ImageWidth":256,
                "ModelPadding":32, "DataRange":[0, 255], "ModelType":"ImageClassification",""")).value();
        assertEquals(List.of(BandSelector.index(0), BandSelector.index(1), BandSelector.index(2), BandSelector.index(3)),
                info.settings().extractBands());
        assertEquals(OptionalInt.of(256), info.settings().imageHeight());
        assertEquals(OptionalInt.of(32), info.settings().modelPadding());
        assertEquals(new DataRange(0, 255), info.settings().dataRange().orElseThrow());
        assertEquals("ImageClassification", info.settings().modelType().orElseThrow());
    }

    @Test
    void unknownKeysAreKeptAndReportedWithATypoHint() throws Exception {
        Parsed<ClassInfo> parsed = read(SEED.replace("\"Version\":1,", "\"Version\":1, \"Author\":\"me\", \"numberrasterbands\":4,"));
        assertEquals(List.of("Author", "numberrasterbands"), List.copyOf(parsed.value().extras().keySet()));
        List<String> codes = parsed.findings().stream().map(Finding::code).toList();
        assertEquals(List.of("unknown-key", "unknown-key"), codes);
        assertTrue(parsed.findings().get(1).message().contains("did you mean \"NumberRasterBands\"?"));
    }

    @Test
    void colorOutsideTheByteRangeIsNamedByItsPath() throws Exception {
        assertEquals(":4:69: Classes[1].Color[2]: expected an integer from 0 to 255, found 256",
                refusal(SEED.replace("[56,168,0]", "[56,168,256]")));
    }

    @Test
    void colorsMustHaveThreeChannels() throws Exception {
        assertTrue(refusal(SEED.replace("[56,168,0]", "[56,168]")).endsWith("Classes[1].Color: expected an array of 3, found an array of 2"));
    }

    @Test
    void duplicateValuesAndNamesAreErrors() throws Exception {
        assertTrue(refusal(SEED.replace("\"Value\":200", "\"Value\":100"))
                .endsWith("Classes[1].Value: 100 is already the value of Classes[0] (\"Impervious\"); class values must be unique"));
        assertTrue(refusal(SEED.replace("\" Other (Pervious)\"", "\"Impervious\""))
                .endsWith("Classes[1].Name: \"Impervious\" is already the name of Classes[0]; class names must be unique"));
    }

    @Test
    void namesDifferingOnlyInSpacesOrCaseAreWarned() throws Exception {
        Parsed<ClassInfo> parsed = read(SEED.replace("\" Other (Pervious)\"", "\" impervious\""));
        assertEquals("similar-class-names", parsed.findings().get(0).code());
    }

    @Test
    void missingOrEmptyClassesAreErrors() throws Exception {
        assertTrue(refusal("{\"NumberRasterBands\":4}").endsWith("top level: missing key \"Classes\""));
        assertTrue(refusal("{\"NumberRasterBands\":4, \"Classes\":[]}").endsWith("Classes: expected an array of 1 to 65536, found an array of 0"));
    }

    @Test
    void nonPositiveBandCountsAndBatchSizesAreErrors() throws Exception {
        assertTrue(refusal(SEED.replace("\"NumberRasterBands\":4", "\"NumberRasterBands\":0")).contains("NumberRasterBands: expected an integer from 1 to 65535, found 0"));
        assertTrue(refusal(SEED.replace("\"MiniBatchSize\":16", "\"MiniBatchSize\":-2")).contains("MiniBatchSize: expected an integer from 1 to 4096, found -2"));
    }

    @Test
    void unknownClassifierIsAnErrorListingTheKnownOnes() throws Exception {
        assertTrue(refusal(SEED.replace("\"CNTK\"", "\"Caffe\"")).endsWith(
                "Classifier: expected one of CNTK, TensorFlow, ONNX, Keras, PyTorch, TFLite, found the string \"Caffe\""));
    }

    @Test
    void wrongTypesAreErrors() throws Exception {
        assertTrue(refusal(SEED.replace("\"NumberRasterBands\":4", "\"NumberRasterBands\":\"4\"")).endsWith("found the string \"4\""));
        assertTrue(refusal(SEED.replace("\"Value\":100", "\"Value\":100.5")).contains("Classes[0].Value: expected an integer"));
        assertTrue(refusal(SEED.replace("\"Name\":\"Impervious\"", "\"Name\":7")).endsWith("Classes[0].Name: expected a string, found 7"));
        assertTrue(refusal("[1,2]").endsWith("top level: expected an object, found an array of 2"));
    }

    @Test
    void theMarkerMustBeZero() throws Exception {
        assertTrue(refusal(SEED.replace("\"ImportDeepLearningModelToEsriExtraInfo\":0", "\"ImportDeepLearningModelToEsriExtraInfo\":1"))
                .endsWith("ImportDeepLearningModelToEsriExtraInfo: expected an integer from 0 to 0, found 1"));
    }

    @Test
    void nanHugeNumbersAndTrailingGarbageAreErrors() throws Exception {
        assertTrue(refusal(SEED.replace("\"MiniBatchSize\":16", "\"MiniBatchSize\":NaN")).contains("NaN"));
        assertTrue(refusal(SEED.replace("\"Value\":100", "\"Value\":99999999999999999999999")).contains("Classes[0].Value: expected an integer from 0 to 4294967295"));
        assertTrue(refusal(SEED.replace("\"MiniBatchSize\":16", "\"MiniBatchSize\":1e9")).contains("MiniBatchSize: expected an integer"));
        assertTrue(refusal(SEED + "}").contains("after the end of the JSON value"));
    }

    @Test
    void tenThousandClassesAreReadInFull() throws Exception {
        String classes = IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"Value\":" + (i + 1) + ",\"Name\":\"class " + i + "\",\"Color\":[" + (i % 256) + ",0,0]}")
                .collect(Collectors.joining(",\n"));
        ClassInfo info = read("{\"NumberRasterBands\":3,\"Classes\":[" + classes + "]}").value();
        assertEquals(10_000, info.classes().size());
        assertEquals(10_000, info.classes().get(9_999).value());
    }

    @Test
    void moreClassesThanAPaletteHoldsAreRefused() throws Exception {
        String classes = IntStream.range(0, 65_537)
                .mapToObj(i -> "{\"Value\":" + i + ",\"Name\":\"c" + i + "\"}")
                .collect(Collectors.joining(","));
        assertTrue(refusal("{\"NumberRasterBands\":3,\"Classes\":[" + classes + "]}").endsWith("found an array of 65537"));
    }

    @Test
    void bandCountIsTakenFromExtractBandsAndMustAgreeWithIt() throws Exception {
        assertEquals(3, read("{\"ExtractBands\":[2,1,0],\"Classes\":[{\"Value\":1,\"Name\":\"a\",\"Color\":[0,0,0]}]}")
                .value().numberRasterBands());
        assertTrue(refusal("{\"NumberRasterBands\":4,\"ExtractBands\":[2,1,0],\"Classes\":[{\"Value\":1,\"Name\":\"a\"}]}")
                .contains("NumberRasterBands is 4 but ExtractBands lists 3 bands"));
    }

    @Test
    void paddingMustLeaveACore() throws Exception {
        assertTrue(refusal(SEED.replace("\"MiniBatchSize\":16,", "\"MiniBatchSize\":16, \"ImageHeight\":64, \"ImageWidth\":64, \"ModelPadding\":32,"))
                .endsWith("ModelPadding: expected padding smaller than half the tile (64 pixels), found 32"));
    }

    @Test
    void aMissingColorGetsADefaultAndAWarning() throws Exception {
        Parsed<ClassInfo> parsed = read("{\"NumberRasterBands\":1,\"Classes\":[{\"Value\":1,\"Name\":\"a\"}]}");
        assertTrue(parsed.findings().stream().anyMatch(f -> f.code().equals("default-color")), parsed.findings().toString());
    }
}
