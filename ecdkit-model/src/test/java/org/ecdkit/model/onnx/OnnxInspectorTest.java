package org.ecdkit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.LargeOnnxFile;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxInspectorTest {

    @TempDir
    Path dir;

    private static Inspection inspect(Path model) {
        return ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
    }

    private static Shape shape(Object... dims) {
        return Shape.of(java.util.Arrays.stream(dims)
                .map(d -> d instanceof Number n ? Dim.of(n.longValue()) : Dim.symbolic((String) d)).toList());
    }

    @Test
    void readsWhatTheBuilderWroteForAChannelsFirstModel() throws Exception {
        Inspection inspection = inspect(OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx")));
        ModelSignature signature = inspection.signature();
        assertEquals(ModelFormat.ONNX, signature.format());
        assertEquals("pytorch 2.1.0", signature.producer());
        assertEquals("IR 8, opset 17", signature.formatVersion());
        TensorSpec input = signature.inputs().get(0);
        assertEquals("image", input.name());
        assertEquals(ElementType.FLOAT32, input.type());
        assertEquals(shape("batch", 4, "height", "width"), input.shape());
        assertEquals(Layout.NCHW, input.layout().layout());
        assertEquals(Confidence.DECLARED, input.layout().confidence());
        assertEquals("fed to a Conv node, which takes NCHW", input.layout().reason());
        assertEquals(4, input.channels());
        TensorSpec output = signature.outputs().get(0);
        assertEquals(shape("batch", 2, "height", "width"), output.shape());
        assertEquals(Layout.NCHW, output.layout().layout());
        assertEquals(2, output.channels());
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(output));
        assertEquals(List.of("m.onnx"), inspection.files());
        assertEquals(List.of(), inspection.findings());
        assertTrue(signature.notes().get(0).contains("1 nodes (Conv 1), 2 initializers"), signature.notes().toString());
    }

    @Test
    void channelsLastExportsAreReadFromTheirTransposes() throws Exception {
        ModelSignature signature = inspect(OnnxFixtures.channelsLastFiveClasses(dir.resolve("tf.onnx"))).signature();
        TensorSpec input = signature.inputs().get(0);
        assertEquals(Layout.NHWC, input.layout().layout());
        assertEquals(Confidence.DECLARED, input.layout().confidence());
        assertEquals(3, input.channels());
        TensorSpec output = signature.outputs().get(0);
        assertEquals(Layout.NHWC, output.layout().layout());
        assertEquals(5, output.channels());
        assertEquals("tf2onnx 1.16.1", signature.producer());
    }

    @Test
    void fixedTileSizesAreRead() throws Exception {
        TensorSpec input = inspect(OnnxFixtures.fixedTiles(dir.resolve("f.onnx"))).signature().inputs().get(0);
        assertEquals(shape(1, 4, 256, 256), input.shape());
        assertEquals(Layout.NCHW, input.layout().layout());
    }

    @Test
    void anArgMaxHeadIsAClassIndexOutput() throws Exception {
        TensorSpec output = inspect(OnnxFixtures.classIndexOutput(dir.resolve("a.onnx"))).signature().outputs().get(0);
        assertEquals(ElementType.INT64, output.type());
        assertEquals(Layout.NHW, output.layout().layout());
        assertEquals(Confidence.DECLARED, output.layout().confidence());
        assertEquals(OutputKind.CLASS_INDEX, OutputKind.of(output));
    }

    @Test
    void everyInputIsListed() throws Exception {
        List<TensorSpec> inputs = inspect(OnnxFixtures.twoInputs(dir.resolve("two.onnx"))).signature().inputs();
        assertEquals(List.of("image", "threshold"), inputs.stream().map(TensorSpec::name).toList());
        assertEquals(shape(1), inputs.get(1).shape());
        assertEquals(Layout.UNKNOWN, inputs.get(1).layout().layout());
    }

    @Test
    void initializersListedAsInputsByOldIrVersionsAreNotInputs() throws Exception {
        Path model = OnnxModelBuilder.pytorch().irVersion(3).initializersAsInputs()
                .input("image", OnnxModelBuilder.FLOAT, 1, 4, 8, 8)
                .conv("image", "scores", new float[][] {{1, 0, 0, 0}}, new float[] {0})
                .output("scores", OnnxModelBuilder.FLOAT, 1, 1, 8, 8)
                .write(dir.resolve("ir3.onnx"));
        ModelSignature signature = inspect(model).signature();
        assertEquals(List.of("image"), signature.inputs().stream().map(TensorSpec::name).toList());
        assertEquals("IR 3, opset 17", signature.formatVersion());
    }

    @Test
    void metadataPropertiesAreRead() throws Exception {
        Path model = OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "N", 3, "H", "W")
                .output("image", OnnxModelBuilder.FLOAT, "N", 3, "H", "W")
                .metadata("model_type", "\"Segmentor\"").metadata("class_names", "{\"0\": \"water\"}")
                .write(dir.resolve("meta.onnx"));
        assertEquals(Map.of("model_type", "\"Segmentor\"", "class_names", "{\"0\": \"water\"}"),
                inspect(model).signature().properties());
    }

    @Test
    void externalWeightFilesAreListedAndChecked() throws Exception {
        Path model = OnnxFixtures.externalWeights(dir.resolve("ext.onnx"));
        Inspection inspection = inspect(model);
        assertEquals(List.of("ext.onnx", "weights.bin"), inspection.files());
        assertEquals(List.of(), inspection.findings());
        assertEquals(Files.size(model) + 40, inspection.totalBytes());

        Files.write(dir.resolve("weights.bin"), new byte[8]);
        assertEquals("short-weights", inspect(model).findings().get(0).code());
        Files.delete(dir.resolve("weights.bin"));
        assertEquals("missing-weights", inspect(model).findings().get(0).code());
    }

    @Test
    void externalDataOutsideTheModelsFolderIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Path model = OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "N", 1, "H", "W")
                .externalInitializer("W", new long[] {1, 1, 1, 1}, new float[] {1}, "../escape.bin")
                .node("Conv", List.of("image", "W"), List.of("y"))
                .output("y", OnnxModelBuilder.FLOAT, "N", 1, "H", "W")
                .write(dir.resolve("sub/esc.onnx"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(model));
        assertTrue(e.getMessage().contains("initializer \"W\": external data location \"../escape.bin\" must be a path inside the model's folder"),
                e.getMessage());
    }

    /** Found by fuzz/run ModelFileTarget: a NUL byte in a location once escaped as InvalidPathException. */
    @Test
    void externalDataNoFileCouldHaveIsRefusedInOneLine() throws Exception {
        for (String[] entry : new String[][] {{"w\0.bin", "0", "4"}, {"weights.bin", "9223372036854775807", "9"}}) {
            Path model = OnnxModelBuilder.pytorch()
                    .input("image", OnnxModelBuilder.FLOAT, "N", 1, "H", "W")
                    .externalReference("W", new long[] {1, 1, 1, 1}, entry[0], entry[1], entry[2])
                    .node("Conv", List.of("image", "W"), List.of("y"))
                    .output("y", OnnxModelBuilder.FLOAT, "N", 1, "H", "W")
                    .write(dir.resolve("odd.onnx"));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(model));
            assertTrue(e.getMessage().startsWith(model + ": initializer \"W\": external data "), e.getMessage());
            assertFalse(e.getMessage().contains("\0"), "the message is printable");
        }
    }

    @Test
    void containerTypesNestedDeepAreReportedWithoutDescendingIntoThem() throws Exception {
        Path model = OnnxModelBuilder.pytorch().sequenceInput("deep", 300)
                .input("image", OnnxModelBuilder.FLOAT, "N", 1, "H", "W")
                .output("image", OnnxModelBuilder.FLOAT, "N", 1, "H", "W")
                .write(dir.resolve("deep.onnx"));
        TensorSpec deep = inspect(model).signature().inputs().get(0);
        assertEquals(ElementType.UNKNOWN, deep.type());
    }

    @Test
    void aModelCarryingThreeGibibytesOfWeightsIsInspectedWithoutReadingThem() throws Exception {
        long weights = 3L << 30;
        Path model = LargeOnnxFile.write(dir.resolve("huge.onnx"), weights, true);
        assertTrue(Files.size(model) > weights);
        ModelSignature signature = inspect(model).signature();
        assertEquals(shape("batch", 4, "height", "width"), signature.inputs().get(0).shape());
        assertEquals("scores", signature.outputs().get(0).name());
        try (FileChannel channel = FileChannel.open(model, StandardOpenOption.READ)) {
            ModelProto proto = ModelProto.read(channel, model, channel.size());
            assertTrue(proto.bytesFetched() < 1 << 20, "read " + proto.bytesFetched() + " bytes");
            assertTrue(proto.graph().initializers().contains("huge_weights"));
        }
    }

    @Test
    void aBoxPredictorsClassCountIsReadFromItsGemmBeforeTheSoftmax() throws Exception {
        // torchvision's R-CNNs: cls_score is a Linear (Gemm, transB = 1, weights [classes, features]) then a Softmax.
        Path model = OnnxModelBuilder.pytorch()
                .input("features", OnnxModelBuilder.FLOAT, "boxes", 8)
                .initializer("cls_w", new long[] {5, 8}, new float[40])
                .initializer("cls_b", new long[] {5}, new float[5])
                .node("Gemm", List.of("features", "cls_w", "cls_b"), List.of("logits"), OnnxModelBuilder.integer("transB", 1))
                .node("Softmax", List.of("logits"), List.of("scores"), OnnxModelBuilder.integer("axis", -1))
                .output("scores", OnnxModelBuilder.FLOAT, "boxes", 5)
                .write(dir.resolve("rcnn.onnx"));
        assertEquals(java.util.OptionalInt.of(5), inspect(model).scoredClasses());
        Path plain = OnnxFixtures.fourBandsTwoClasses(dir.resolve("plain.onnx"));
        assertEquals(java.util.OptionalInt.empty(), inspect(plain).scoredClasses(), "a segmenter scores no boxes");
    }

    @Test
    void anImageWithoutABatchAxisIsToldByTheGraphThatAddsOne() throws Exception {
        // torchvision's detectors: [3, H, W] in, normalised, given a batch axis, then convolved.
        Path chw = OnnxModelBuilder.pytorch().opset(11)
                .input("images", OnnxModelBuilder.FLOAT, 3, 64, 64)
                .initializer("mean", new long[] {3, 1, 1}, new float[] {0.4f, 0.5f, 0.6f})
                .initializer("w", new long[] {8, 3, 3, 3}, new float[8 * 27])
                .node("Sub", List.of("images", "mean"), List.of("centred"))
                .node("Unsqueeze", List.of("centred"), List.of("batch"), OnnxModelBuilder.ints("axes", 0))
                .node("Conv", List.of("batch", "w"), List.of("features"))
                .output("features", OnnxModelBuilder.FLOAT, 1, 8, 62, 62)
                .write(dir.resolve("chw.onnx"));
        TensorSpec input = inspect(chw).signature().inputs().get(0);
        assertEquals(Layout.CHW, input.layout().layout());
        assertEquals(Confidence.DECLARED, input.layout().confidence());
        assertEquals(3, input.channels());

        Path hwc = OnnxModelBuilder.pytorch().opset(11)
                .input("images", OnnxModelBuilder.FLOAT, 64, 64, 3)
                .initializer("w", new long[] {8, 3, 3, 3}, new float[8 * 27])
                .node("Transpose", List.of("images"), List.of("planes"), OnnxModelBuilder.ints("perm", 2, 0, 1))
                .node("Unsqueeze", List.of("planes"), List.of("batch"), OnnxModelBuilder.ints("axes", 0))
                .node("Conv", List.of("batch", "w"), List.of("features"))
                .output("features", OnnxModelBuilder.FLOAT, 1, 8, 62, 62)
                .write(dir.resolve("hwc.onnx"));
        assertEquals(Layout.HWC, inspect(hwc).signature().inputs().get(0).layout().layout());

        // A batch of one-band images given its channel axis (opset 17: the axes are an unread input) stays NHW.
        Path nhw = OnnxModelBuilder.pytorch()
                .input("images", OnnxModelBuilder.FLOAT, "batch", "height", "width")
                .longs("channel", 1)
                .initializer("w", new long[] {8, 1, 3, 3}, new float[8 * 9])
                .node("Unsqueeze", List.of("images", "channel"), List.of("planes"))
                .node("Conv", List.of("planes", "w"), List.of("features"))
                .output("features", OnnxModelBuilder.FLOAT, "batch", 8, "h", "w")
                .write(dir.resolve("nhw.onnx"));
        assertEquals(Layout.NHW, inspect(nhw).signature().inputs().get(0).layout().layout());
    }
}
