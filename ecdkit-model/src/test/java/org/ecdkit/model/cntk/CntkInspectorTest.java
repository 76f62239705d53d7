package org.ecdkit.model.cntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import org.ecdkit.model.ModelSource;
import org.ecdkit.model.fixture.CntkModelBuilder;
import org.ecdkit.model.fixture.LargeProtoFile;
import org.ecdkit.model.fixture.TensorFlowModelBuilder;
import org.ecdkit.model.fixture.cntk.CntkFixtureProto.Dictionary;
import org.ecdkit.model.protobuf.ProtoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CntkInspectorTest {

    @TempDir
    Path dir;

    private static ModelSignature inspect(Path model) {
        return ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT).signature();
    }

    private static Shape shape(long... dims) {
        return Shape.of(Arrays.stream(dims).mapToObj(d -> d < 0 ? Dim.unknown() : Dim.of(d)).toList());
    }

    @Test
    void aSegmentersShapesReadInPythonsOrder() throws Exception {
        Path file = CntkModelBuilder.segmenter(4, 5, 256, 128).write(dir.resolve("segmenter.model"));
        ModelSignature signature = inspect(file);
        assertEquals(ModelFormat.CNTK_V2, signature.format());
        assertEquals("CNTK", signature.producer());
        TensorSpec input = signature.inputs().get(0);
        assertEquals("features", input.name());
        assertEquals(ElementType.FLOAT32, input.type());
        assertEquals(shape(4, 256, 128), input.shape(), "CNTK stores [128, 256, 4]");
        assertEquals(Layout.CHW, input.layout().layout());
        assertEquals(4, input.channels());
        TensorSpec output = signature.outputs().get(0);
        assertEquals("scores", output.name());
        assertEquals(shape(5, 256, 128), output.shape());
        assertEquals(Layout.CHW, output.layout().layout());
        assertEquals(Confidence.INFERRED, output.layout().confidence());
        assertEquals(5, output.channels());
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(output));
        assertTrue(signature.notes().get(0).startsWith("3 primitive functions"), signature.notes().toString());
    }

    @Test
    void aDenseBlockEndsInTileScores() throws Exception {
        Path file = CntkModelBuilder.tileClassifier(3, 7, 64, 64).write(dir.resolve("tiles.model"));
        TensorSpec output = inspect(file).outputs().get(0);
        assertEquals(shape(7), output.shape());
        assertEquals(OutputKind.TILE_SCORES, OutputKind.of(output));
        assertEquals(7, output.channels());
    }

    @Test
    void aRootCombineGivesOneOutputPerCombinedFunction() throws Exception {
        Path file = CntkModelBuilder.combined(4, 6).write(dir.resolve("combined.model"));
        ModelSignature signature = inspect(file);
        assertEquals(shape(4, -1, -1), signature.inputs().get(0).shape(), "free dimensions are unknown");
        assertEquals(2, signature.outputs().size());
        for (TensorSpec output : signature.outputs()) {
            assertEquals(shape(6, -1, -1), output.shape(), output.name());
        }
    }

    @Test
    void anOutputCntkCannotTraceIsUnknownAndSaysSo() throws Exception {
        CntkModelBuilder model = new CntkModelBuilder();
        String image = model.input("features", 3, 32, 32);
        model.function("Pooling", 17, List.of(image), Map.of());
        Inspection inspection = ModelInspectors.standard().inspect(model.write(dir.resolve("pool.model")), InspectOptions.DEFAULT);
        assertEquals(Shape.unknownRank(), inspection.signature().outputs().get(0).shape());
        assertEquals("output-shape", inspection.findings().get(0).code());
    }

    @Test
    void aCntkV1ModelIsRecognisedAndRefusedWithTheWayForward() throws Exception {
        byte[] v1 = new byte[64];
        System.arraycopy(CntkInspector.V1_MARKER, 0, v1, 0, CntkInspector.V1_MARKER.length);
        Path file = Files.write(dir.resolve("legacy.dnn"), v1);
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().startsWith(file + ": a CNTK v1 model"), e.getMessage());
        assertTrue(e.getMessage().contains("cntk.load_model"), e.getMessage());
    }

    @Test
    void aCntkDictionaryThatIsNotAFunctionIsRefused() throws Exception {
        Dictionary trainer = Dictionary.newBuilder().setVersion(1)
                .putData("version", CntkModelBuilder.size(1))
                .putData("type", CntkModelBuilder.text("Trainer"))
                .build();
        Path file = Files.write(dir.resolve("checkpoint.model"), trainer.toByteArray());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().contains("type: a CNTK dictionary of type \"Trainer\", not a model"), e.getMessage());
    }

    @Test
    void cntkAndSavedModelAreToldApartByContentWhateverTheirNames() throws Exception {
        ModelInspectors inspectors = ModelInspectors.standard();
        Path cntkNamedPb = CntkModelBuilder.segmenter(4, 5, 64, 64).write(dir.resolve("model.pb"));
        assertEquals(ModelFormat.CNTK_V2, inspectors.detect(ModelSource.open(cntkNamedPb)).format());
        Path savedModel = TensorFlowModelBuilder.savedModel(dir.resolve("saved"), 4, 5, 64, 64).resolve("saved_model.pb");
        Path savedModelNamedModel = Files.copy(savedModel, dir.resolve("saved.model"));
        assertEquals(ModelFormat.TENSORFLOW_SAVED_MODEL, inspectors.detect(ModelSource.open(savedModel)).format());
        assertEquals(ModelFormat.TENSORFLOW_SAVED_MODEL, inspectors.detect(ModelSource.open(savedModelNamedModel)).format());
    }

    @Test
    void aModelCarryingOneAndAHalfGibibytesOfWeightsIsInspectedWithoutReadingThem() throws Exception {
        Path file = LargeProtoFile.cntkModel(dir.resolve("huge.model"), 1_610_612_736L, true);
        ModelSignature signature = inspect(file);
        assertEquals(shape(4, 256, 256), signature.inputs().get(0).shape());
        assertEquals(5, signature.outputs().get(0).channels());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoReader in = new ProtoReader(channel, file, 0, channel.size());
            CntkDictionary.read(in);
            assertTrue(in.bytesFetched() < 1 << 20, "read " + in.bytesFetched());
        }
    }
}
