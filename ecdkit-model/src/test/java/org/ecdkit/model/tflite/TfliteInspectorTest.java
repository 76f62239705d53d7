package org.ecdkit.model.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ecdkit.core.error.EcdkitException;
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
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.model.fixture.TfliteModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TfliteInspectorTest {

    @TempDir
    Path dir;

    private static ModelSignature inspect(Path model, InspectOptions options) {
        return ModelInspectors.standard().inspect(model, options).signature();
    }

    private static Shape shape(long... dims) {
        return Shape.of(Arrays.stream(dims).mapToObj(d -> d < 0 ? Dim.unknown() : Dim.of(d)).toList());
    }

    @Test
    void aSegmentersTensorsReadBackAsWritten() throws Exception {
        Path file = TfliteModelBuilder.segmenter(4, 5, 256, 256).write(dir.resolve("model.tflite"));
        ModelSignature signature = inspect(file, InspectOptions.DEFAULT);
        assertEquals(ModelFormat.TFLITE, signature.format());
        assertEquals("schema version 3", signature.formatVersion());
        assertEquals("MLIR Converted.", signature.producer());
        TensorSpec input = signature.inputs().get(0);
        assertEquals("serving_default_image:0", input.name());
        assertEquals(ElementType.FLOAT32, input.type());
        assertEquals(shape(-1, 256, 256, 4), input.shape(), "shape_signature's -1 wins over shape's 1");
        assertEquals(Layout.NHWC, input.layout().layout());
        assertEquals(Confidence.DECLARED, input.layout().confidence(), "the model uses CONV_2D");
        assertEquals(4, input.channels());
        TensorSpec output = signature.outputs().get(0);
        assertEquals("StatefulPartitionedCall:0", output.name());
        assertEquals(5, output.channels());
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(output));
    }

    @Test
    void signaturesChooseTheEndpointsAndAreListedWhenAbsent() throws Exception {
        TfliteModelBuilder model = TfliteModelBuilder.segmenter(3, 2, 64, 64);
        int argmax = model.tensor("ArgMax:0", TfliteModelBuilder.INT64, -1, 64, 64);
        model.operator(TfliteModelBuilder.ARG_MAX, new int[] {3}, new int[] {argmax});
        model.signature("serving_default", Map.of("image", 0), Map.of("scores", 3));
        model.signature("classes", Map.of("image", 0), Map.of("class_index", argmax));
        Path file = model.write(dir.resolve("signatures.tflite"));
        ModelSignature serving = inspect(file, InspectOptions.DEFAULT);
        assertEquals(List.of("StatefulPartitionedCall:0"), serving.outputs().stream().map(TensorSpec::name).toList());
        assertTrue(serving.notes().contains("signature \"serving_default\" of serving_default, classes"), serving.notes().toString());
        ModelSignature classes = inspect(file, new InspectOptions(Optional.of("classes"), Optional.empty()));
        TensorSpec index = classes.outputs().get(0);
        assertEquals(ElementType.INT64, index.type());
        assertEquals(shape(-1, 64, 64), index.shape());
        assertEquals(OutputKind.CLASS_INDEX, OutputKind.of(index));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> inspect(file, new InspectOptions(Optional.of("nope"), Optional.empty())));
        assertTrue(e.getMessage().endsWith("no signature \"nope\"; choose one with --signature: serving_default, classes"));
    }

    @Test
    void quantizedInputsAreNoted() throws Exception {
        TfliteModelBuilder model = new TfliteModelBuilder();
        int image = model.quantizedTensor("image", TfliteModelBuilder.UINT8, 0.0078125f, 128, 1, 224, 224, 3);
        int scores = model.tensor("scores", TfliteModelBuilder.FLOAT32, 1, 10);
        model.operator(TfliteModelBuilder.SOFTMAX, new int[] {image}, new int[] {scores}).io(new int[] {image}, new int[] {scores});
        ModelSignature signature = inspect(model.write(dir.resolve("q.tflite")), InspectOptions.DEFAULT);
        assertEquals(ElementType.UINT8, signature.inputs().get(0).type());
        assertEquals(Confidence.CONVENTION, signature.inputs().get(0).layout().confidence(), "no convolution in this model");
        assertTrue(signature.notes().contains("input \"image\" is quantized uint8: real = 0.0078125 × (q − 128)"),
                signature.notes().toString());
        assertEquals(OutputKind.TILE_SCORES, OutputKind.of(signature.outputs().get(0)));
    }

    @Test
    void weightsStoredAfterTheFlatBufferAreNeverRead() throws Exception {
        Path file = TfliteModelBuilder.segmenter(4, 5, 256, 256).appendedWeights(3L << 30).write(dir.resolve("big.tflite"));
        assertTrue(Files.size(file) > 3L << 30);
        assertEquals(5, inspect(file, InspectOptions.DEFAULT).outputs().get(0).channels());
    }

    /**
     * MediaPipe's models as its npm packages ship them. The truth is MediaPipe's model cards: the
     * selfie segmenter takes 256x256 RGB (the landscape one 144x256) and gives a one-channel mask of
     * the same size; BlazeFace short range takes 128x128 and scores 896 anchors, full range 192x192
     * and 2304 anchors, each with 16 box and keypoint coordinates.
     */
    @Test
    void realModelsFromNpmMatchTheirModelCards() {
        Map<String, List<Shape>> cards = Map.of(
                "selfie_segmentation.tflite", List.of(shape(1, 256, 256, 3), shape(1, 256, 256, 1)),
                "selfie_segmentation_landscape.tflite", List.of(shape(1, 144, 256, 3), shape(1, 144, 256, 1)),
                "face_detection_short_range.tflite", List.of(shape(1, 128, 128, 3), shape(1, 896, 16), shape(1, 896, 1)),
                "face_detection_full_range.tflite", List.of(shape(1, 192, 192, 3), shape(1, 2304, 16), shape(1, 2304, 1)));
        for (Map.Entry<String, List<Shape>> card : cards.entrySet()) {
            String npmPackage = card.getKey().startsWith("selfie") ? "@mediapipe/selfie_segmentation" : "@mediapipe/face_detection";
            Path file = SystemFixtures.npmFile(npmPackage, card.getKey());
            ModelSignature signature = inspect(file, InspectOptions.DEFAULT);
            List<Shape> shapes = new java.util.ArrayList<>();
            signature.inputs().forEach(t -> shapes.add(t.shape()));
            signature.outputs().forEach(t -> shapes.add(t.shape()));
            assertEquals(card.getValue(), shapes, card.getKey());
            assertEquals(3, signature.inputs().get(0).channels(), card.getKey());
            assertTrue(signature.inputs().stream().allMatch(t -> t.type() == ElementType.FLOAT32));
        }
    }

    // --- bad input ---

    private String failure(byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve("bad.tflite"), bytes);
        EcdkitException e = assertThrows(EcdkitException.class, () -> inspect(file, InspectOptions.DEFAULT));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedModelsEndInOneLine() throws Exception {
        byte[] bytes = TfliteModelBuilder.segmenter(4, 5, 32, 32).build();
        // FlatBuffers record no total size: a cut is found when a table the reader needs lies past it.
        // Weights lie at the end of the file, so a cut into them alone reads as a whole model.
        for (int cut : new int[] {8, 12, 40, bytes.length / 3, bytes.length / 2}) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            System.arraycopy("TFL3".getBytes(), 0, truncated, 4, 4);
            failure(truncated);
        }
    }

    @Test
    void randomBytesBehindTheIdentifierAreRefused() throws Exception {
        Random random = new Random(3);
        byte[] bytes = new byte[4096];
        random.nextBytes(bytes);
        System.arraycopy("TFL3".getBytes(), 0, bytes, 4, 4);
        assertTrue(failure(bytes).contains("FlatBuffer"), failure(bytes));
    }

    @Test
    void aVectorClaimingBillionsOfElementsIsRefusedBeforeReading() throws Exception {
        byte[] bytes = TfliteModelBuilder.segmenter(4, 5, 32, 32).build();
        // The shape vector of the first tensor: find its length 4 followed by -1 (the -1, 32, 32, 4 signature).
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 8 <= bytes.length; i += 4) {
            if (le.getInt(i) == 4 && le.getInt(i + 4) == -1) {
                le.putInt(i, 2_000_000_000);
            }
        }
        assertTrue(failure(bytes).contains("2000000000 elements; ecdkit reads at most 16"), failure(bytes));
    }

    @Test
    @Timeout(30)
    void randomDamageEndsInOneLineOrReadsSomething() throws Exception {
        byte[] original = TfliteModelBuilder.segmenter(4, 5, 32, 32).build();
        Random random = new Random(5);
        Path file = dir.resolve("fuzz.tflite");
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                int at = random.nextInt(bytes.length);
                if (at < 4 || at >= 8) {
                    bytes[at] = (byte) random.nextInt(256);
                }
            }
            Files.write(file, bytes);
            try {
                inspect(file, InspectOptions.DEFAULT);
            } catch (EcdkitException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }
}
