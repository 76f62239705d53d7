package org.ecdkit.model.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
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
import org.ecdkit.model.fixture.LargeProtoFile;
import org.ecdkit.model.fixture.TensorFlowModelBuilder;
import org.ecdkit.model.protobuf.ProtoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowInspectorTest {

    @TempDir
    Path dir;

    private static Inspection inspect(Path model, InspectOptions options) {
        return ModelInspectors.standard().inspect(model, options);
    }

    private static Shape shape(long... dims) {
        return Shape.of(java.util.Arrays.stream(dims).mapToObj(d -> d < 0 ? Dim.unknown() : Dim.of(d)).toList());
    }

    @Test
    void aSavedModelFolderReadsItsServingSignature() throws Exception {
        Path folder = TensorFlowModelBuilder.savedModel(dir.resolve("model"), 4, 5, 256, 256);
        Inspection inspection = inspect(folder, InspectOptions.DEFAULT);
        ModelSignature signature = inspection.signature();
        assertEquals(ModelFormat.TENSORFLOW_SAVED_MODEL, signature.format());
        assertEquals("TensorFlow 2.15.0", signature.producer());
        TensorSpec input = signature.inputs().get(0);
        assertEquals("input_1", input.name());
        assertEquals(shape(-1, 256, 256, 4), input.shape());
        assertEquals(Layout.NHWC, input.layout().layout());
        assertEquals(Confidence.DECLARED, input.layout().confidence(), "from the Conv2D nodes of the library function");
        assertEquals(4, input.channels());
        TensorSpec output = signature.outputs().get(0);
        assertEquals("output_0", output.name());
        assertEquals(5, output.channels());
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(output));
        assertEquals(folder, inspection.model());
        assertEquals(List.of("saved_model.pb", "variables/variables.data-00000-of-00001", "variables/variables.index"),
                inspection.files());
        assertTrue(signature.notes().get(0).contains("signature \"serving_default\" (tensorflow/serving/predict) of serving_default, tile_scores"),
                signature.notes().toString());
        assertTrue(signature.notes().get(1).contains("input_1 = serving_default_input_1:0"), signature.notes().toString());
    }

    @Test
    void theSavedModelFileItselfNamesTheFolder() throws Exception {
        Path folder = TensorFlowModelBuilder.savedModel(dir.resolve("model"), 4, 5, 256, 256);
        Inspection inspection = inspect(folder.resolve("saved_model.pb"), InspectOptions.DEFAULT);
        assertEquals(folder.toAbsolutePath(), inspection.model().toAbsolutePath());
    }

    @Test
    void anotherSignatureIsChosenByName() throws Exception {
        Path folder = TensorFlowModelBuilder.savedModel(dir.resolve("model"), 4, 5, 256, 256);
        ModelSignature signature = inspect(folder, new InspectOptions(Optional.of("tile_scores"), Optional.empty())).signature();
        assertEquals("y", signature.outputs().get(0).name());
        assertEquals(OutputKind.TILE_SCORES, OutputKind.of(signature.outputs().get(0)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> inspect(folder, new InspectOptions(Optional.of("predict"), Optional.empty())));
        assertTrue(e.getMessage().endsWith("no signature \"predict\"; choose one with --signature: serving_default, tile_scores"),
                e.getMessage());
    }

    @Test
    void aTextSavedModelIsRecognisedAndRefusedByName() throws Exception {
        Files.createDirectories(dir.resolve("text"));
        Files.writeString(dir.resolve("text/saved_model.pbtxt"), "saved_model_schema_version: 1");
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(dir.resolve("text"), InspectOptions.DEFAULT));
        assertTrue(e.getMessage().contains("protobuf text format"), e.getMessage());
    }

    @Test
    void aFrozenGraphsInputsArePlaceholdersAndItsOutputIsWhatNothingConsumes() throws Exception {
        Path file = TensorFlowModelBuilder.writeGraph(dir.resolve("frozen.pb"), TensorFlowModelBuilder.segmentationGraph(4, 5, true));
        ModelSignature signature = inspect(file, InspectOptions.DEFAULT).signature();
        assertEquals(ModelFormat.TENSORFLOW_GRAPH_DEF, signature.format());
        assertEquals("GraphDef version 27", signature.formatVersion());
        assertEquals(List.of("image"), signature.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(shape(-1, -1, -1, 4), signature.inputs().get(0).shape());
        assertEquals(Layout.NHWC, signature.inputs().get(0).layout().layout());
        assertEquals(Confidence.DECLARED, signature.inputs().get(0).layout().confidence());
        assertEquals(List.of("scores"), signature.outputs().stream().map(TensorSpec::name).toList(), "save/Assign and init are machinery");
        assertEquals(shape(-1, -1, -1, 5), signature.outputs().get(0).shape());
        assertEquals(5, signature.outputs().get(0).channels());
    }

    @Test
    void withoutOutputShapesTheOutputLayoutIsAGuess() throws Exception {
        Path file = TensorFlowModelBuilder.writeGraph(dir.resolve("frozen.pb"), TensorFlowModelBuilder.segmentationGraph(4, 5, false));
        TensorSpec output = inspect(file, InspectOptions.DEFAULT).signature().outputs().get(0);
        assertEquals(Shape.unknownRank(), output.shape());
        assertEquals(Layout.NHWC, output.layout().layout());
        assertEquals(Confidence.GUESSED, output.layout().confidence());
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(output));
        assertEquals(-1, output.channels());
    }

    @Test
    void whenSeveralNodesAreLeftTheOutputNodeOptionChooses() throws Exception {
        var graph = TensorFlowModelBuilder.segmentationGraph(4, 5, true).toBuilder()
                .addNode(TensorFlowModelBuilder.node("debug/argmax", "ArgMax", List.of("conv/BiasAdd")))
                .build();
        Path file = TensorFlowModelBuilder.writeGraph(dir.resolve("frozen.pb"), graph);
        Inspection all = inspect(file, InspectOptions.DEFAULT);
        assertEquals(List.of("scores", "debug/argmax"), all.signature().outputs().stream().map(TensorSpec::name).toList());
        assertEquals(ElementType.INT64, all.signature().outputs().get(1).type());
        assertEquals(OutputKind.CLASS_INDEX, OutputKind.of(all.signature().outputs().get(1)));
        assertEquals("several-outputs", all.findings().get(0).code());
        ModelSignature chosen = inspect(file, new InspectOptions(Optional.empty(), Optional.of("scores"))).signature();
        assertEquals(List.of("scores"), chosen.outputs().stream().map(TensorSpec::name).toList());
        assertThrows(InvalidInputException.class, () -> inspect(file, new InspectOptions(Optional.empty(), Optional.of("nope"))));
    }

    @Test
    void nodeNamesDropPortsAndControlMarks() {
        assertEquals("conv/BiasAdd", GraphDefInspector.nodeName("conv/BiasAdd:1"));
        assertEquals("init", GraphDefInspector.nodeName("^init"));
        assertEquals("a:b", GraphDefInspector.nodeName("a:b"));
    }

    @Test
    void aFrozenGraphCarryingOneAndAHalfGibibytesOfWeightsIsInspectedWithoutReadingThem() throws Exception {
        Path file = LargeProtoFile.frozenGraph(dir.resolve("huge.pb"), 1_610_612_736L, true);
        ModelSignature signature = inspect(file, InspectOptions.DEFAULT).signature();
        assertEquals(List.of("image"), signature.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(List.of("scores"), signature.outputs().stream().map(TensorSpec::name).toList());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoReader in = new ProtoReader(channel, file, 0, channel.size());
            GraphDefProto.parse(in, true);
            assertTrue(in.bytesFetched() < 1 << 20, "read " + in.bytesFetched());
        }
    }

    @Test
    void anAttributeHoldingBytesIsNoTextAndIsPassedOver() throws Exception {
        // Keras 3's model.export() (TensorFlow 2.21) writes an XlaCallModule node whose "module" attribute
        // is serialized StableHLO: AttrValue.s is bytes, here 64 KiB that are no UTF-8 and no short string.
        Path folder = TensorFlowModelBuilder.savedModel(dir.resolve("keras3"), 4, 5, 256, 256);
        Path pb = folder.resolve("saved_model.pb");
        var saved = org.ecdkit.model.fixture.tensorflow.TensorFlowFixtureProto.SavedModel.parseFrom(Files.readAllBytes(pb))
                .toBuilder();
        byte[] module = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(module);
        module[0] = (byte) 0xff; // never valid UTF-8
        var graph = saved.getMetaGraphs(0).getGraphDef().toBuilder()
                .addNode(TensorFlowModelBuilder.node("XlaCallModule", "XlaCallModule", List.of("serving_default_input_1"),
                        "module", module, "Sout", new byte[] {(byte) 0xc3, 0x28}, "data_format", "NHWC"));
        saved.setMetaGraphs(0, saved.getMetaGraphs(0).toBuilder().setGraphDef(graph));
        Files.write(pb, saved.build().toByteArray());
        ModelSignature signature = inspect(folder, InspectOptions.DEFAULT).signature();
        assertEquals(List.of(-1L, 256L, 256L, 4L), signature.inputs().get(0).shape().dims().stream()
                .map(Dim::sizeOrMinusOne).toList());
        assertEquals(Layout.NHWC, signature.inputs().get(0).layout().layout());
    }
}
