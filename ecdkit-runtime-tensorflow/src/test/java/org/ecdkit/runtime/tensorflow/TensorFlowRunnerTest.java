package org.ecdkit.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowRunnerTest {

    @TempDir
    Path dir;

    /** A random NHWC batch of 2 tiles of 3 x 5 pixels, 4 bands. */
    private static Tensor batch() {
        Tensor input = Tensor.allocate(2, 3, 5, 4);
        Random random = new Random(42);
        for (int i = 0; i < input.size(); i++) {
            input.data().put(i, random.nextFloat() * 100);
        }
        return input;
    }

    /** scores[c] = band0 - band3 for c = 0, band3 - band0 for c = 1: computed by hand. */
    private static void assertBandDifference(Tensor input, Tensor output) {
        assertArrayEquals(new long[] {2, 3, 5, 2}, output.shape());
        for (int pixel = 0; pixel < 2 * 3 * 5; pixel++) {
            float b0 = input.data().get(pixel * 4);
            float b3 = input.data().get(pixel * 4 + 3);
            assertEquals(b0 - b3, output.data().get(pixel * 2), 1e-4);
            assertEquals(b3 - b0, output.data().get(pixel * 2 + 1), 1e-4);
        }
    }

    @Test
    void runsASavedModelThroughItsSignature() {
        Path model = TensorFlowModels.savedModel(dir.resolve("saved"));
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(model, ModelFormat.TENSORFLOW_SAVED_MODEL, "image",
                List.of("scores"), "serving_default"), new RunnerOptions(1, Device.CPU, 0))) {
            assertTrue(runner.description().toString().startsWith("TensorFlow 2."), runner.description().toString());
            Tensor input = batch();
            assertBandDifference(input, runner.run(input));
        }
    }

    @Test
    void runsAFrozenGraphThroughItsNodes() throws Exception {
        Path model = TensorFlowModels.frozenGraph(dir.resolve("frozen.pb"));
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(model, ModelFormat.TENSORFLOW_GRAPH_DEF, "image",
                "scores"), RunnerOptions.CPU)) {
            Tensor input = batch();
            assertBandDifference(input, runner.run(input));
        }
    }

    /** The same function in ONNX (NCHW) and TensorFlow (NHWC) gives the same scores, axis for axis. */
    @Test
    void agreesWithOnnxRuntimeOnTheSameFunction() throws Exception {
        Path tf = TensorFlowModels.frozenGraph(dir.resolve("frozen.pb"));
        Path onnx = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Tensor nhwc = batch();
        Tensor nchw = Tensor.allocate(2, 4, 3, 5);
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    for (int c = 0; c < 4; c++) {
                        nchw.data().put(((n * 4 + c) * 3 + y) * 5 + x, nhwc.data().get(((n * 3 + y) * 5 + x) * 4 + c));
                    }
                }
            }
        }
        try (ModelRunner tensorflow = ModelRunners.open(new RunnableModel(tf, ModelFormat.TENSORFLOW_GRAPH_DEF, "image", "scores"),
                RunnerOptions.CPU);
                ModelRunner onnxRuntime = ModelRunners.open(new RunnableModel(onnx, ModelFormat.ONNX, "image", "scores"),
                        RunnerOptions.CPU)) {
            Tensor a = tensorflow.run(nhwc);
            Tensor b = onnxRuntime.run(nchw);
            for (int n = 0; n < 2; n++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 5; x++) {
                        for (int c = 0; c < 2; c++) {
                            assertEquals(b.data().get(((n * 2 + c) * 3 + y) * 5 + x), a.data().get(((n * 3 + y) * 5 + x) * 2 + c), 1e-4);
                        }
                    }
                }
            }
        }
    }

    /** What TensorFlow itself wrote is what ecdkit's own reader reads, without TensorFlow. */
    @Test
    void ecdkitsInspectorReadsWhatTensorFlowWrote() throws Exception {
        ModelSignature saved = ModelInspectors.standard().inspect(TensorFlowModels.savedModel(dir.resolve("saved")),
                InspectOptions.DEFAULT).signature();
        assertEquals(ModelFormat.TENSORFLOW_SAVED_MODEL, saved.format());
        assertEquals("[?, ?, ?, 4]", saved.inputs().get(0).shape().toString());
        assertEquals(Layout.NHWC, saved.inputs().get(0).layout().layout());
        assertEquals(2, saved.outputs().get(0).channels());
        assertEquals("serving_default", saved.properties().get("signature"));
        ModelSignature frozen = ModelInspectors.standard().inspect(TensorFlowModels.frozenGraph(dir.resolve("f.pb")),
                InspectOptions.DEFAULT).signature();
        assertEquals(List.of("image"), frozen.inputs().stream().map(t -> t.name()).toList());
        assertEquals(List.of("scores"), frozen.outputs().stream().map(t -> t.name()).toList());
    }

    @Test
    void wrongNamesAndDevicesAreRefusedInOneLine() throws Exception {
        Path model = TensorFlowModels.frozenGraph(dir.resolve("frozen.pb"));
        InvalidInputException names = assertThrows(InvalidInputException.class, () -> ModelRunners.open(
                new RunnableModel(model, ModelFormat.TENSORFLOW_GRAPH_DEF, "pixels", "scores"), RunnerOptions.CPU));
        assertTrue(names.getMessage().endsWith("the graph has no node \"pixels\""), names.getMessage());
        UnsupportedInputException cuda = assertThrows(UnsupportedInputException.class, () -> ModelRunners.open(
                new RunnableModel(model, ModelFormat.TENSORFLOW_GRAPH_DEF, "image", "scores"), new RunnerOptions(0, Device.CUDA, 0)));
        assertTrue(cuda.getMessage().contains("runs on the CPU only"), cuda.getMessage());
        Path junk = Files.write(dir.resolve("junk.pb"), new byte[] {8, 1, 0x12, 0x7F});
        InvalidInputException broken = assertThrows(InvalidInputException.class, () -> ModelRunners.open(
                new RunnableModel(junk, ModelFormat.TENSORFLOW_GRAPH_DEF, "image", "scores"), RunnerOptions.CPU));
        assertTrue(broken.getMessage().startsWith(junk + ": TensorFlow cannot load the model"), broken.getMessage());
        assertTrue(!broken.getMessage().contains("\n"));
    }
}
