package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

    static final String CLASS_INFO = """
            {"ImportDeepLearningModelToEsriExtraInfo":0, "Version":1, "Classifier":"CNTK",
             "NumberRasterBands":4, "MiniBatchSize":16,
             "Classes":[{"Value":100,"Name":"Impervious","Color":[204,204,204]},
                        {"Value":200,"Name":" Other (Pervious)","Color":[56,168,0]}]}
            """;

    @TempDir
    Path dir;
    Path model;
    Path info;

    @BeforeEach
    void files() throws Exception {
        model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        info = Files.writeString(dir.resolve("classes.json"), CLASS_INFO);
    }

    private static void assertNoStackTrace(CommandRun run) {
        assertFalse(run.err().contains("\tat "), run.toString());
        assertFalse(run.err().contains("Exception"), run.toString());
    }

    @Test
    void theArcpyShapedCallWritesADefinitionAndWarnsAboutTheClassifier() throws Exception {
        Path out = dir.resolve("model.ecd");
        CommandRun run = CommandRun.of("convert", model.toString(), info.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("wrote " + out + ": ONNX model, 4 bands, 2 classes, model model.onnx (sha256 "), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.errLines().get(0).startsWith("warning: " + info + ":1:72: Classifier: Classifier is CNTK but"), run.toString());
        ClassifierDefinition definition = EcdReader.read(out).value().first();
        assertEquals("ONNX", definition.classifier());
        assertEquals(" Other (Pervious)", definition.classes().get(1).name());
    }

    @Test
    void aMismatchExitsWithFiveAndNamesBothSides() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.json"), CLASS_INFO.replace("\"NumberRasterBands\":4", "\"NumberRasterBands\":3"));
        Path out = dir.resolve("model.ecd");
        CommandRun run = CommandRun.of("convert", model.toString(), wrong.toString(), out.toString());
        assertEquals(5, run.exitCode(), run.toString());
        assertTrue(run.err().contains("error: NumberRasterBands is 3 (" + wrong + ":2:22: NumberRasterBands) but the model's input"), run.toString());
        assertTrue(run.err().contains("pass --allow-mismatch"), run.toString());
        assertNoStackTrace(run);
        assertFalse(Files.exists(out));

        CommandRun forced = CommandRun.of("convert", "--allow-mismatch", model.toString(), wrong.toString(), out.toString());
        assertEquals(0, forced.exitCode(), forced.toString());
        assertTrue(forced.err().contains("warning: NumberRasterBands is 3"), forced.toString());
    }

    @Test
    void invalidClassInfoExitsWithThreeOnOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), CLASS_INFO.replace("[56,168,0]", "[56,168,256]"));
        CommandRun run = CommandRun.of("convert", model.toString(), bad.toString(), dir.resolve("x.ecd").toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertEquals("error: " + bad + ":4:69: Classes[1].Color[2]: expected an integer from 0 to 255, found 256", run.errLines().get(0));
        assertNoStackTrace(run);
    }

    @Test
    void aMissingModelExitsWithFour() {
        CommandRun run = CommandRun.of("convert", dir.resolve("absent.onnx").toString(), info.toString(), dir.resolve("x.ecd").toString());
        assertEquals(4, run.exitCode(), run.toString());
        assertEquals(java.util.List.of("error: cannot read " + dir.resolve("absent.onnx") + ": no such file or folder"), run.errLines());
    }

    @Test
    void anOutputThatIsAnInputExitsWithTwo() {
        CommandRun run = CommandRun.of("convert", model.toString(), info.toString(), info.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains("it is also an input"), run.toString());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{");
        CommandRun run = CommandRun.of("convert", "--verbose", model.toString(), bad.toString(), dir.resolve("x.ecd").toString());
        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("\tat org.ecdkit"), run.toString());
    }

    @Test
    void swappedArgumentsAreSaidToBeSwapped() {
        Path out = dir.resolve("x.ecd");
        CommandRun run = CommandRun.of("convert", info.toString(), model.toString(), out.toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(java.util.List.of("error: " + model + ": metadata_props: an ONNX model without Deepness metadata "
                + "(\"class_names\"): it cannot stand for a class-info file; the arguments look swapped: the model comes "
                + "first, then the class-info JSON (classes.json)"), run.errLines());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingArgumentsAreAUsageErrorOnOneLine() {
        CommandRun run = CommandRun.of("convert", model.toString());
        assertEquals(2, run.exitCode());
        assertEquals(java.util.List.of("error: Missing required parameters: 'CLASS_INFO_JSON', 'OUT.ecd' (see 'ecdkit convert --help')"),
                run.errLines());
    }

    @Test
    void noCommandIsAUsageErrorThatListsTheCommandsButHelpIsNot() {
        CommandRun bare = CommandRun.of();
        assertEquals(2, bare.exitCode());
        assertEquals("", bare.out());
        assertTrue(bare.err().contains("  convert   Write an Esri classifier definition"), bare.toString());
        CommandRun help = CommandRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("  classify  Classify a GeoTIFF"), help.toString());
        CommandRun unknown = CommandRun.of("bogus");
        assertEquals(2, unknown.exitCode());
        assertEquals(java.util.List.of("error: Unmatched argument at index 0: 'bogus' (see 'ecdkit --help')"), unknown.errLines());
    }
}
