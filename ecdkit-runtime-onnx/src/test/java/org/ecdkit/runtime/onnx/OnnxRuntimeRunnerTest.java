package org.ecdkit.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.model.fixture.onnx.OnnxFixtureProto.TensorProto;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeRunnerTest {

    @TempDir
    Path dir;

    @Test
    void aConvolutionComputesWhatItsWeightsSay() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(model, ModelFormat.ONNX, "image", "scores"),
                new RunnerOptions(1, Device.CPU, 0))) {
            assertTrue(runner.description().toString().startsWith("ONNX Runtime 1.29.0 on cpu, 1 thread"), runner.description().toString());
            Tensor input = Tensor.allocate(2, 4, 3, 5);
            for (int i = 0; i < input.size(); i++) {
                input.data().put(i, (i * 37) % 101);
            }
            Tensor output = runner.run(input);
            assertArrayEquals(new long[] {2, 2, 3, 5}, output.shape());
            for (int n = 0; n < 2; n++) {
                for (int p = 0; p < 15; p++) {
                    float band0 = input.data().get(n * 60 + p);
                    float band3 = input.data().get(n * 60 + 45 + p);
                    assertEquals(band0 - band3, output.data().get(n * 30 + p), 1e-4);
                    assertEquals(band3 - band0, output.data().get(n * 30 + 15 + p), 1e-4);
                }
            }
        }
    }

    @Test
    void classIndexOutputsComeBackAsFloats() throws Exception {
        Path model = OnnxFixtures.classIndexOutput(dir.resolve("a.onnx"));
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(model, ModelFormat.ONNX, "image", "classes"), RunnerOptions.CPU)) {
            Tensor input = Tensor.allocate(1, 4, 1, 3);
            // Pixel 0: band0 > band3 -> class 0; pixel 1: band3 > band0 -> class 1; pixel 2: band1 largest -> class 2.
            float[] values = {9, 0, 0,   0, 0, 50,   0, 0, 0,   0, 9, 0};
            input.data().put(values).rewind();
            Tensor output = runner.run(input);
            assertArrayEquals(new long[] {1, 1, 3}, output.shape());
            assertEquals(0, output.data().get(0));
            assertEquals(1, output.data().get(1));
            assertEquals(2, output.data().get(2));
        }
    }

    /**
     * Every single-input PyTorch export in libonnx-testdata either reproduces the output PyTorch
     * computed, or is refused in one line because ONNX Runtime 1.20 no longer implements its old
     * opset (BatchNormalization 6, AveragePool 1, ...): never a wrong answer.
     */
    @Test
    void pytorchExportsReproduceTheOutputsPytorchComputed() throws Exception {
        Path data = SystemFixtures.require(SystemFixtures.ONNX_TEST_DATA, "libonnx-testdata");
        List<Path> models = new java.util.ArrayList<>();
        for (String set : List.of("pytorch-converted", "pytorch-operator")) {
            try (var cases = Files.list(data.resolve(set))) {
                cases.map(c -> c.resolve("model.onnx")).filter(Files::isRegularFile).sorted().forEach(models::add);
            }
        }
        int reproduced = 0;
        List<String> notImplemented = new java.util.ArrayList<>();
        for (Path model : models) {
            String name = model.getParent().getFileName().toString();
            ModelSignature signature = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT).signature();
            Path inputFile = model.resolveSibling("test_data_set_0/input_0.pb");
            if (signature.inputs().size() != 1 || !Files.exists(inputFile)
                    || signature.inputs().get(0).type() != org.ecdkit.core.model.ElementType.FLOAT32) {
                continue;
            }
            RunnableModel runnable = new RunnableModel(model, ModelFormat.ONNX, signature.inputs().get(0).name(),
                    signature.outputs().get(0).name());
            Tensor expected = read(model.resolveSibling("test_data_set_0/output_0.pb"));
            ModelRunner runner;
            try {
                runner = ModelRunners.open(runnable, RunnerOptions.CPU);
            } catch (InvalidInputException e) {
                assertTrue(e.getMessage().contains("ORT_NOT_IMPLEMENTED") && !e.getMessage().contains("\n"), e.getMessage());
                notImplemented.add(name);
                continue;
            }
            try (runner) {
                Tensor output = runner.run(read(inputFile));
                assertArrayEquals(expected.shape(), output.shape(), name);
                for (int i = 0; i < expected.size(); i++) {
                    float want = expected.data().get(i);
                    float got = output.data().get(i);
                    if (Float.isNaN(want) || Float.isInfinite(want)) {
                        assertEquals(want, got, name + " value " + i);
                    } else {
                        assertEquals(want, got, 1e-4 + 1e-3 * Math.abs(want), name + " value " + i);
                    }
                }
                reproduced++;
            }
        }
        assertTrue(reproduced >= 40, reproduced + " reproduced; not implemented by ONNX Runtime: " + notImplemented);
        System.out.println(reproduced + " PyTorch exports reproduced; not implemented by ONNX Runtime 1.20: " + notImplemented);
    }

    /**
     * Whether CUDA can run here: this build has ONNX Runtime's CUDA provider (-Pgpu) and it starts on
     * device 0; otherwise, the refusal ecdkit gives.
     */
    private static java.util.Optional<UnsupportedInputException> cudaRefusal(RunnableModel runnable) {
        try (ModelRunner gpu = ModelRunners.open(runnable, new RunnerOptions(0, Device.CUDA, 0))) {
            return java.util.Optional.empty();
        } catch (UnsupportedInputException e) {
            return java.util.Optional.of(e);
        }
    }

    /**
     * Where CUDA cannot run, --device cuda is refused in one line naming why: the default build has no
     * CUDA provider (and names the build that has one); the GPU build on a machine without a usable GPU
     * names what is missing. Skipped, visibly, on a machine where CUDA runs.
     */
    @Test
    void cudaIsRefusedSayingWhyWhereItCannotRun() throws Exception {
        RunnableModel runnable = new RunnableModel(OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx")), ModelFormat.ONNX,
                "image", "scores");
        java.util.Optional<UnsupportedInputException> refusal = cudaRefusal(runnable);
        assumeTrue(refusal.isPresent(), "CUDA runs on this machine: nothing to refuse");
        String message = refusal.get().getMessage();
        if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            assertTrue(message.contains("CUDA provider cannot start on device 0") && message.endsWith("use --device cpu"), message);
        } else {
            assertTrue(message.contains("CUDA provider is not in this build") && message.contains("-Pgpu")
                    && message.endsWith("or use --device cpu"), message);
        }
    }

    /**
     * With a GPU and the GPU build, CUDA computes what the CPU computes. Skipped, visibly, where CUDA
     * cannot run; ECDKIT_REQUIRE_CUDA=1 (set on a GPU machine) makes that a failure instead.
     */
    @Test
    void cudaComputesWhatTheCpuDoes() throws Exception {
        RunnableModel runnable = new RunnableModel(OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx")), ModelFormat.ONNX,
                "image", "scores");
        java.util.Optional<UnsupportedInputException> refusal = cudaRefusal(runnable);
        if ("1".equals(System.getenv("ECDKIT_REQUIRE_CUDA"))) {
            assertFalse(refusal.isPresent(), () -> "ECDKIT_REQUIRE_CUDA=1 but: " + refusal.get().getMessage());
        }
        assumeTrue(refusal.isEmpty(), () -> "CUDA cannot run here: " + refusal.get().getMessage());
        Tensor input = Tensor.allocate(3, 4, 64, 64);
        for (int i = 0; i < input.size(); i++) {
            input.data().put(i, (i * 37) % 101);
        }
        Tensor expected;
        try (ModelRunner cpu = ModelRunners.open(runnable, new RunnerOptions(1, Device.CPU, 0))) {
            expected = cpu.run(input);
        }
        try (ModelRunner gpu = ModelRunners.open(runnable, new RunnerOptions(0, Device.CUDA, 0))) {
            assertTrue(gpu.description().toString().contains("on cuda"), gpu.description().toString());
            Tensor output = gpu.run(input);
            assertArrayEquals(expected.shape(), output.shape());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.data().get(i), output.data().get(i), 1e-3, "value " + i);
            }
        }
    }

    @Test
    void aFileOnnxRuntimeCannotLoadIsRefusedInOneLine() throws Exception {
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {0x08, 0x08, 0x3A, 0x02, 0x0A, 0x00});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelRunners.open(
                new RunnableModel(junk, ModelFormat.ONNX, "x", "y"), RunnerOptions.CPU));
        assertTrue(e.getMessage().contains("ONNX Runtime cannot load the model") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void inputAndOutputNamesAreChecked() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelRunners.open(
                new RunnableModel(model, ModelFormat.ONNX, "pixels", "scores"), RunnerOptions.CPU));
        assertTrue(e.getMessage().contains("the model has no input \"pixels\" (inputs: [image])"), e.getMessage());
    }

    /** A serialized ONNX TensorProto (float32, raw_data or float_data), read with protobuf-java. */
    static Tensor read(Path file) throws Exception {
        TensorProto proto = TensorProto.parseFrom(Files.readAllBytes(file));
        long[] shape = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
        Tensor tensor = Tensor.allocate(shape);
        if (!proto.getRawData().isEmpty()) {
            ByteBuffer raw = proto.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            tensor.data().put(raw.asFloatBuffer());
        } else {
            proto.getFloatDataList().forEach(tensor.data()::put);
        }
        tensor.data().rewind();
        return tensor;
    }

    @Test
    void aUint8InputIsFedRoundedAndHeldToBytes() throws Exception {
        Path model = org.ecdkit.model.fixture.OnnxModelBuilder.pytorch()
                .input("image", org.ecdkit.model.fixture.OnnxModelBuilder.UINT8, 1, 5)
                .node("Cast", List.of("image"), List.of("values"),
                        org.ecdkit.model.fixture.OnnxModelBuilder.integer("to", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT))
                .output("values", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, 1, 5)
                .write(dir.resolve("bytes.onnx"));
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(model, ModelFormat.ONNX, "image", "values"),
                RunnerOptions.CPU)) {
            Tensor input = Tensor.allocate(1, 5);
            input.data().put(new float[] {3, 7.6f, 255, 256, -1});
            Tensor out = runner.runAll(input).get(0);
            float[] values = new float[5];
            out.data().duplicate().rewind().get(values);
            assertArrayEquals(new float[] {3, 8, 255, 255, 0}, values);
        }
    }
}
