package org.ecdkit.translate.cntk;

import static org.ecdkit.translate.cntk.CntkFixtures.integer;
import static org.ecdkit.translate.cntk.CntkFixtures.ints;
import static org.ecdkit.translate.cntk.CntkFixtures.real;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.translate.ModelTranslation;
import org.ecdkit.translate.TranslatedModel;
import org.ecdkit.translate.TranslationOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CNTK v2 models written by CNTK 2.4 (its ONNX importer, then Function.save), translated to ONNX
 * and run on ONNX Runtime: the outputs must be what CNTK computes with the saved model.
 */
class CntkTranslationTest {

    static final float TOLERANCE = 1e-4f;

    @TempDir
    Path dir;

    private void assertTranslates(CntkFixtures.Made made, String label) {
        TranslatedModel translated = ModelTranslation.translate(made.model(), ModelFormat.CNTK_V2);
        TranslationOracle.assertClose(made.output(), TranslationOracle.run(translated, dir, made.input()), TOLERANCE, false, label);
        assertEquals(List.of(), ModelTranslation.blockers(made.model(), ModelFormat.CNTK_V2));
    }

    /** Convolutions with bias and padding (CNTK: Pad, Convolution, Plus of a reshaped constant), ReLU, max pooling, sigmoid. */
    @Test
    void aSegmenterComputesWhatCntkComputes() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(1).input("image", 1, 3, 12, 10)
                .weight("w1", 6, 3, 3, 3).weight("b1", 6).weight("w2", 2, 6, 1, 1).weight("b2", 2)
                .node("Conv", new String[] {"image", "w1", "b1"}, "c1", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        ints("strides", 1, 1))
                .node("Relu", new String[] {"c1"}, "r1")
                .node("MaxPool", new String[] {"r1"}, "p1", ints("kernel_shape", 2, 2), ints("strides", 2, 2), ints("pads", 0, 0, 0, 0))
                .node("Conv", new String[] {"p1", "w2", "b2"}, "c2", ints("kernel_shape", 1, 1), ints("strides", 1, 1),
                        ints("pads", 0, 0, 0, 0))
                .node("Sigmoid", new String[] {"c2"}, "scores").output("scores", 1, 2, 6, 5);
        assertTranslates(CntkFixtures.make(graph, "segmenter", dir, 1, 3, 12, 10), "segmenter");
    }

    /** Strided convolution, tanh, average pooling, a dense layer (CNTK: Times then Plus) and softmax. */
    @Test
    void aClassifierComputesWhatCntkComputes() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(2).input("scene", 1, 3, 16, 16)
                .weight("w1", 4, 3, 3, 3).weight("dense", 5, 4 * 4 * 4).weight("bias", 5)
                .node("Conv", new String[] {"scene", "w1"}, "c1", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        ints("strides", 2, 2))
                .node("Tanh", new String[] {"c1"}, "t1")
                .node("AveragePool", new String[] {"t1"}, "p1", ints("kernel_shape", 2, 2), ints("strides", 2, 2),
                        ints("pads", 0, 0, 0, 0))
                .node("Flatten", new String[] {"p1"}, "flat", integer("axis", 1))
                .node("Gemm", new String[] {"flat", "dense", "bias"}, "logits", integer("transB", 1))
                .node("Softmax", new String[] {"logits"}, "label", integer("axis", 1)).output("label", 1, 5);
        assertTranslates(CntkFixtures.make(graph, "classifier", dir, 1, 3, 16, 16), "classifier");
    }

    /** Two branches merged: concatenation over channels, element-wise product, difference and sum, ELU. */
    @Test
    void mergesComputeWhatCntkComputes() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(3).input("bands", 1, 4, 8, 8)
                .weight("wa", 3, 4, 3, 3).weight("wb", 3, 4, 1, 1).weight("wc", 2, 6, 1, 1)
                .node("Conv", new String[] {"bands", "wa"}, "a", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        ints("strides", 1, 1))
                .node("Conv", new String[] {"bands", "wb"}, "b", ints("kernel_shape", 1, 1), ints("pads", 0, 0, 0, 0),
                        ints("strides", 1, 1))
                .node("Mul", new String[] {"a", "b"}, "product")
                .node("Sub", new String[] {"a", "product"}, "difference")
                .node("Add", new String[] {"difference", "b"}, "sum")
                .node("Elu", new String[] {"sum"}, "elu", real("alpha", 1f))
                .node("Concat", new String[] {"elu", "a"}, "both", integer("axis", 1))
                .node("Conv", new String[] {"both", "wc"}, "out", ints("kernel_shape", 1, 1), ints("pads", 0, 0, 0, 0),
                        ints("strides", 1, 1))
                .output("out", 1, 2, 8, 8);
        CntkFixtures.Made made = CntkFixtures.make(graph, "merges", dir, 1, 4, 8, 8);
        assertTranslates(made, "merges");
        // CNTK's importer made one Input per consumer of "bands"; the model has one input.
        var inputs = ModelInspectors.standard().inspect(made.model(), InspectOptions.DEFAULT).signature().inputs();
        assertEquals(1, inputs.size(), inputs.toString());
    }

    /** A CNTK definition runs as classify and detect run it: through the runtime that runs ONNX, by translation. */
    @Test
    void aCntkModelRunsThroughTheTranslatingRuntime() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(6).input("image", 1, 3, 6, 6).weight("w", 2, 3, 3, 3)
                .node("Conv", new String[] {"image", "w"}, "c", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        ints("strides", 1, 1))
                .node("Relu", new String[] {"c"}, "scores").output("scores", 1, 2, 6, 6);
        CntkFixtures.Made made = CntkFixtures.make(graph, "runner", dir, 1, 3, 6, 6);
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(made.model(), ModelFormat.CNTK_V2, "image", "scores"),
                RunnerOptions.CPU)) {
            assertTrue(runner.description().runtime().contains("CNTK v2 model translated to ONNX"), runner.description().toString());
            TranslationOracle.assertClose(made.output(), runner.run(made.input()), TOLERANCE, false, "runner");
        }
    }

    /**
     * CNTK's automatic padding (what its importer makes of ONNX's SAME_UPPER): CNTK centres the
     * kernel whatever the stride, which differs from TensorFlow's rule for a 3 x 3 kernel with
     * stride 2 on an even size; made explicit, it must match CNTK for every kernel and stride.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "kernel {0}, stride {1}, size {2}")
    @org.junit.jupiter.params.provider.CsvSource({"2, 1, 5", "3, 2, 6", "3, 2, 7", "4, 2, 6", "5, 3, 11"})
    void automaticPaddingIsCntks(int kernel, int stride, int size) throws IOException {
        long out = (size + stride - 1) / stride;
        CntkFixtures.Graph graph = new CntkFixtures.Graph(7).input("image", 1, 2, size, size).weight("w", 3, 2, kernel, kernel)
                .node("Conv", new String[] {"image", "w"}, "c", ints("kernel_shape", kernel, kernel), ints("strides", stride, stride),
                        CntkFixtures.text("auto_pad", "SAME_UPPER"))
                .node("MaxPool", new String[] {"c"}, "p", ints("kernel_shape", 2, 2), ints("strides", 1, 1),
                        CntkFixtures.text("auto_pad", "SAME_UPPER"))
                .output("p", 1, 3, out, out);
        assertTranslates(CntkFixtures.make(graph, "autopad" + kernel + stride + size, dir, 1, 2, size, size), "auto padding");
    }

    /**
     * Batch normalization: CNTK 2.4 evaluates what its importer makes of ONNX's BatchNormalization
     * wrongly, and its Java binding cannot build one; but the importer stores the statistics as they
     * are, so the translation of the saved file must compute what the original ONNX graph computes
     * (run by ONNX Runtime: an oracle independent of ecdkit's translation). The importer keeps
     * CNTK's default epsilon, 1e-5, whatever the ONNX graph says (an ONNX epsilon of 1e-3 showed as
     * a difference of 1.6e-4), so the graph uses 1e-5.
     */
    @Test
    void batchNormalizationComputesWhatTheOriginalGraphComputes() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(8).input("image", 1, 3, 6, 6).weight("w", 4, 3, 3, 3)
                .weight("scale", 4).weight("shift", 4).weight("mean", 4).positive("variance", 4)
                .node("Conv", new String[] {"image", "w"}, "c", ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                        ints("strides", 1, 1))
                .node("BatchNormalization", new String[] {"c", "scale", "shift", "mean", "variance"}, "bn", real("epsilon", 1e-5f))
                .output("bn", 1, 4, 6, 6);
        Path model = CntkFixtures.importOnly(graph, "batchnorm", dir);
        org.ecdkit.runtime.Tensor batch = org.ecdkit.runtime.Tensor.heap(1, 3, 6, 6);
        org.ecdkit.runtime.Tensor sample = org.ecdkit.runtime.Tensor.heap(3, 6, 6);
        for (int i = 0; i < batch.size(); i++) {
            batch.data().put(i, (float) Math.sin(i * 0.3));
            sample.data().put(i, (float) Math.sin(i * 0.3));
        }
        org.ecdkit.runtime.Tensor expected;
        try (ModelRunner original = ModelRunners.open(new RunnableModel(dir.resolve("batchnorm.onnx"), ModelFormat.ONNX, "image",
                "bn"), RunnerOptions.CPU)) {
            org.ecdkit.runtime.Tensor withBatch = original.run(batch);
            expected = new org.ecdkit.runtime.Tensor(java.util.Arrays.copyOfRange(withBatch.shape(), 1, 4), withBatch.data());
        }
        TranslatedModel translated = ModelTranslation.translate(model, ModelFormat.CNTK_V2);
        TranslationOracle.assertClose(expected, TranslationOracle.run(translated, dir, sample), TOLERANCE, false, "batch norm");
    }

    @Test
    void aTruncatedWeightIsAnErrorNamingTheFileNotAHang() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(4).input("image", 1, 3, 8, 8).weight("w", 64, 3, 5, 5)
                .node("Conv", new String[] {"image", "w"}, "c", ints("kernel_shape", 5, 5), ints("pads", 2, 2, 2, 2),
                        ints("strides", 1, 1))
                .output("c", 1, 64, 8, 8);
        CntkFixtures.Made made = CntkFixtures.make(graph, "big", dir, 1, 3, 8, 8);
        byte[] whole = Files.readAllBytes(made.model());
        for (int cut : new int[] {whole.length / 2, whole.length * 3 / 4, whole.length - 7}) {
            Path truncated = Files.write(dir.resolve("cut" + cut + ".model"), Arrays.copyOf(whole, cut));
            Path out = dir.resolve("cut" + cut + ".onnx");
            EcdkitException e = assertThrows(EcdkitException.class, () -> ModelTranslation.write(
                    ModelTranslation.translate(truncated, ModelFormat.CNTK_V2), out));
            assertEquals(ExitCode.INVALID_INPUT, e.exitCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aFunctionWithoutTranslationIsNamed() throws IOException {
        CntkFixtures.Graph graph = new CntkFixtures.Graph(5).input("image", 1, 3, 4, 4)
                .node("Hardmax", new String[] {"image"}, "hard", integer("axis", 1)).output("hard", 1, 3, 4, 4);
        CntkFixtures.Made made = CntkFixtures.make(graph, "hardmax", dir, 1, 3, 4, 4);
        List<String> blockers = ModelTranslation.blockers(made.model(), ModelFormat.CNTK_V2);
        assertFalse(blockers.isEmpty());
        assertTrue(blockers.stream().anyMatch(b -> b.contains("has no ONNX translation in ecdkit")), blockers.toString());
    }
}
