package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecdkit export} and back, as a user runs them. */
class ExportCommandTest {

    @TempDir
    Path dir;
    Path ecd;

    @BeforeEach
    void convert() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO);
        ecd = dir.resolve("model.ecd");
        assertEquals(0, CommandRun.of("convert", model.toString(), info.toString(), ecd.toString()).exitCode());
    }

    @Test
    void everyFormatExportsAndConvertsBack() throws Exception {
        for (String format : new String[] {"emd", "dlpk", "mlm", "deepness"}) {
            Path out = dir.resolve("model." + (format.equals("deepness") ? "qgis.onnx" : format.equals("mlm") ? "json" : format));
            CommandRun export = CommandRun.of("export", "--to", format, ecd.toString(), out.toString());
            assertEquals(0, export.exitCode(), export.toString());
            assertTrue(export.out().startsWith("wrote " + out), export.toString());
            assertFalse(export.err().contains("SLF4J"), export.toString());
            Path model = format.equals("emd") ? dir.resolve("model.onnx") : out;
            Path back = dir.resolve("back-" + format + ".ecd");
            CommandRun convert = CommandRun.of("convert", model.toString(), out.toString(), back.toString());
            assertEquals(0, convert.exitCode(), convert.toString());
            assertTrue(Files.readString(back).contains("\"ClassName\": \" Other (Pervious)\""), format);
        }
    }

    @Test
    void whatATargetCannotCarryIsAWarning() {
        CommandRun run = CommandRun.of("export", "--to", "deepness", ecd.toString(), dir.resolve("q.onnx").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("warning: Deepness metadata has no field for class values [100, 200]"), run.toString());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CommandRun run = CommandRun.of("export", "--to", "pmml", ecd.toString(), dir.resolve("x").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("error: --to pmml is not a format ecdkit exports; choose emd, dlpk, mlm, deepness or onnx", run.err().strip());
    }

    @Test
    void aModelGivenForTheDefinitionIsNamed() {
        Path model = dir.resolve("model.onnx");
        Path out = dir.resolve("model.emd");
        CommandRun run = CommandRun.of("export", "--to", "emd", model.toString(), out.toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals("error: " + model + ": this is an ONNX model, not a classifier definition (.ecd); make one first: "
                + "ecdkit convert model.onnx CLASS_INFO_JSON OUT.ecd", run.err().strip());
        assertFalse(Files.exists(out));
    }

    @Test
    void theDefinitionItselfIsNeverOverwritten() throws Exception {
        byte[] before = Files.readAllBytes(ecd);
        CommandRun run = CommandRun.of("export", "--to", "emd", ecd.toString(), ecd.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(ecd)));
    }
}
