package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheSignatureAsATable() throws Exception {
        Path model = OnnxFixtures.channelsLastFiveClasses(dir.resolve("tf.onnx"));
        CommandRun run = CommandRun.of("inspect", model.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String expected = model + "\n"
                + "  format     ONNX model (IR 8, opset 17)\n"
                + "  framework  ONNX\n"
                + "  producer   tf2onnx 1.16.1\n"
                + "  size       " + Files.size(model) + " bytes in 1 file\n"
                + "\n"
                + "inputs\n"
                + "  NAME     TYPE     SHAPE                             MEANING\n"
                + "  input_1  float32  [unk__6, unk__7, unk__8, 3]       NHWC, 3 bands [declared: transposed from NHWC to NCHW by the graph's first Transpose]\n"
                + "\n"
                + "outputs\n"
                + "  NAME    TYPE     SHAPE                              MEANING\n"
                + "  conv2d  float32  [unk__9, unk__10, unk__11, 5]  NHWC, a score per class per pixel (5 classes) [declared: transposed to NHWC by the graph's last Transpose]\n";
        assertTrue(run.out().startsWith(expected.replace("[unk__6, unk__7, unk__8, 3]       ", "[unk__6, unk__7, unk__8, 3]  ")
                .replace("SHAPE                             MEANING", "SHAPE                        MEANING")
                .replace("SHAPE                              MEANING", "SHAPE                          MEANING")), run.out());
    }

    @Test
    void printsJsonThatReadsBack() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        CommandRun run = CommandRun.of("inspect", "--json", model.toString());
        assertEquals(0, run.exitCode(), run.toString());
        Path json = Files.writeString(dir.resolve("out.json"), run.out());
        JsonCursor root = JsonDocumentReader.read(json).cursor();
        assertEquals("onnx", root.get("Format").asString());
        assertEquals(4, root.get("InputBands").elements().get(0).get("Bands").asInt(0, 100));
        assertEquals("ClassScores", root.get("OutputKinds").elements().get(0).get("OutputKind").asString());
        assertEquals(2, root.get("OutputKinds").elements().get(0).get("Channels").asInt(0, 100));
        assertEquals("NCHW", root.get("Inputs").elements().get(0).get("Layout").asString());
    }

    @Test
    void aModelWithMissingWeightsShowsItsSignatureAndExitsWithThree() throws Exception {
        Path model = OnnxFixtures.externalWeights(dir.resolve("ext.onnx"));
        Files.delete(dir.resolve("weights.bin"));
        CommandRun run = CommandRun.of("inspect", model.toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.out().contains("inputs"), run.toString());
        assertTrue(run.err().startsWith("error: " + model + ": the weights file"), run.toString());
    }

    @Test
    void aFileThatIsNoModelIsSaidToBeSo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a model at all");
        CommandRun run = CommandRun.of("inspect", text.toString());
        assertEquals(3, run.exitCode());
        assertTrue(run.err().startsWith("error: " + text + ": a file that is not a model ecdkit knows; it reads ONNX model (.onnx)"), run.toString());
    }
}
