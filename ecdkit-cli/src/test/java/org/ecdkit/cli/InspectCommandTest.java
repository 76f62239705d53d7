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

    /**
     * A definition, and a package made from it, are inspected through the model they name, with their
     * classes beside it; the package's model is read from a scratch copy that is gone afterwards.
     */
    @Test
    void aDescriptionIsInspectedThroughItsModelAndLeavesNothingBehind() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO);
        Path ecd = dir.resolve("m.ecd");
        Path dlpk = dir.resolve("m.dlpk");
        assertEquals(0, CommandRun.of("convert", model.toString(), info.toString(), ecd.toString()).exitCode());
        assertEquals(0, CommandRun.of("export", "--to", "dlpk", ecd.toString(), dlpk.toString()).exitCode());
        String classes = "  VALUE  NAME                 COLOUR\n"
                + "  100    \"Impervious\"         [204, 204, 204]\n"
                + "  200    \" Other (Pervious)\"  [56, 168, 0]\n";

        CommandRun viaEcd = CommandRun.of("inspect", ecd.toString());
        assertEquals(0, viaEcd.exitCode(), viaEcd.toString());
        assertTrue(viaEcd.out().startsWith(model + "\n  format     ONNX model"), viaEcd.out());
        assertTrue(viaEcd.out().contains("\ndescribed by " + ecd + " (Esri classifier definition (.ecd))\n" + classes), viaEcd.out());

        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = scratchFolders(tmp);
        CommandRun viaDlpk = CommandRun.of("inspect", dlpk.toString());
        assertEquals(0, viaDlpk.exitCode(), viaDlpk.toString());
        assertTrue(viaDlpk.out().startsWith(dlpk + "#m.emd -> m.onnx\n  format     ONNX model"), viaDlpk.out());
        assertTrue(viaDlpk.out().contains("(Esri deep learning package (.dlpk))\n" + classes), viaDlpk.out());
        assertTrue(viaDlpk.out().contains("scores  float32  [batch, 2, height, width]"), viaDlpk.out());
        assertEquals(before, scratchFolders(tmp), "the package's scratch copy is removed");

        CommandRun json = CommandRun.of("inspect", "--json", dlpk.toString());
        JsonCursor root = JsonDocumentReader.read(Files.writeString(dir.resolve("i.json"), json.out())).cursor();
        assertEquals(" Other (Pervious)", root.get("DescribedBy").get("Classes").elements().get(1).get("Name").asString());
        assertEquals("onnx", root.get("Format").asString());

        CommandRun noModel = CommandRun.of("inspect", info.toString());
        assertEquals(3, noModel.exitCode(), noModel.toString());
        assertEquals("error: " + info + ": names no model file; give the model itself", noModel.err().strip());
    }

    private static java.util.Set<Path> scratchFolders(Path tmp) throws Exception {
        try (var list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("ecdkit-described-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aDetectorsConventionAndEachOutputsPartAreNamed() throws Exception {
        Path model = org.ecdkit.detect.fixture.YoloFixtures.v8(dir.resolve("yolov8.onnx"), 3);
        CommandRun run = CommandRun.of("inspect", model.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("detector   an object detector, yolo-v8 convention: labels count the classes from 0"),
                run.out());
        assertTrue(run.out().contains("output0  float32  [1, 7, 4096]  candidate boxes: centre x, centre y, width, height, "
                + "then a score per class, per column"), run.out());
        CommandRun json = CommandRun.of("inspect", "--json", model.toString());
        JsonCursor outputs = JsonDocumentReader.read(Files.writeString(dir.resolve("inspect.json"), json.out())).cursor()
                .get("DetectionOutputs");
        assertEquals("yolo-v8", outputs.get("Convention").asString());
        assertEquals("output0", outputs.get("Predictions").asString());
        assertEquals(0, outputs.get("FirstLabel").asLong(0, 9));
    }
}
