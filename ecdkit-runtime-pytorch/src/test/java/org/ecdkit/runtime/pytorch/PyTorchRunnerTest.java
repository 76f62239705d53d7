package org.ecdkit.runtime.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TorchScript archives PyTorch wrote, run on libtorch through DJL: the scores PyTorch computed, to
 * float precision; integer outputs as their values; tuple outputs in order; a damaged archive refused
 * in one line. The engine loads offline, its natives unpacked under ecdkit's cache folder.
 */
class PyTorchRunnerTest {

    private static final int WIDTH = 96;
    private static final int HEIGHT = 72;

    @TempDir
    Path dir;

    private static Tensor image() {
        Tensor input = Tensor.heap(1, TorchScriptFixtures.BANDS, HEIGHT, WIDTH);
        for (int b = 0; b < TorchScriptFixtures.BANDS; b++) {
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    input.data().put(TorchScriptFixtures.value(x, y, b));
                }
            }
        }
        input.data().rewind();
        return input;
    }

    private static float[] values(Tensor tensor) {
        float[] values = new float[(int) Tensor.count(tensor.shape())];
        tensor.data().duplicate().rewind().get(values);
        return values;
    }

    @Test
    void libtorchGivesPyTorchsOwnScores() throws Exception {
        TorchScriptFixtures.Made made = TorchScriptFixtures.make(dir, WIDTH, HEIGHT);
        RunnableModel model = new RunnableModel(made.archive("segmenter"), ModelFormat.TORCHSCRIPT, "input", "output");
        try (ModelRunner runner = ModelRunners.open(model, new RunnerOptions(2, Device.CPU, 0))) {
            assertTrue(runner.description().runtime().startsWith("PyTorch 2.7.1 (DJL 0.36.0)"), runner.description().toString());
            Tensor scores = runner.run(image());
            assertArrayEquals(new long[] {1, 2, HEIGHT, WIDTH}, scores.shape());
            float[] got = values(scores);
            for (int i = 0; i < got.length; i++) {
                assertEquals(made.scores()[i], got[i], 1e-5, "score " + i);
            }
        }
        String cache = System.getProperty("DJL_CACHE_DIR");
        assertTrue(cache != null && !cache.startsWith(System.getProperty("user.home") + "/.djl.ai"), "DJL's cache: " + cache);
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    @Test
    void integerOutputsComeAsTheirValuesAndTuplesInOrder() throws Exception {
        TorchScriptFixtures.Made made = TorchScriptFixtures.make(dir, WIDTH, HEIGHT);
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(made.archive("indexes"), ModelFormat.TORCHSCRIPT, "input",
                "output"), new RunnerOptions(2, Device.CPU, 0))) {
            float[] classes = values(runner.run(image()));
            for (int i = 0; i < classes.length; i++) {
                assertEquals(made.classes()[i], classes[i], "pixel " + i);
            }
        }
        RunnableModel pair = new RunnableModel(made.archive("pair"), ModelFormat.TORCHSCRIPT, "input",
                List.of("scores", "probabilities"), "");
        try (ModelRunner runner = ModelRunners.open(pair, new RunnerOptions(2, Device.CPU, 0))) {
            List<Tensor> outputs = runner.runAll(image());
            assertEquals(2, outputs.size());
            float[] scores = values(outputs.get(0));
            float[] probabilities = values(outputs.get(1));
            int plane = WIDTH * HEIGHT;
            for (int i = 0; i < plane; i++) {
                assertEquals(made.scores()[i], scores[i], 1e-5);
                assertEquals(1.0, probabilities[i] + probabilities[plane + i], 1e-5);
                assertEquals(made.scores()[i] > made.scores()[plane + i], probabilities[i] > probabilities[plane + i]);
            }
        }
    }

    @Test
    void anArchiveLibtorchCannotLoadIsOneLineNamingTheFile() throws Exception {
        TorchScriptFixtures.require();
        Path damaged = dir.resolve("damaged.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(damaged))) {
            zip.putNextEntry(new ZipEntry("damaged/data.pkl"));
            zip.write("not a pickle".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("damaged/version"));
            zip.write("3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelRunners.open(new RunnableModel(damaged,
                ModelFormat.TORCHSCRIPT, "input", "output"), new RunnerOptions(1, Device.CPU, 0)));
        assertTrue(e.getMessage().startsWith(damaged + ": libtorch cannot load the TorchScript archive: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // libtorch's CPU build is what ecdkit carries: CUDA is refused before anything is loaded.
        org.ecdkit.core.error.UnsupportedInputException cuda = assertThrows(org.ecdkit.core.error.UnsupportedInputException.class,
                () -> ModelRunners.open(new RunnableModel(damaged, ModelFormat.TORCHSCRIPT, "input", "output"),
                        new RunnerOptions(1, Device.CUDA, 0)));
        assertTrue(cuda.getMessage().contains("libtorch's build in ecdkit runs on the CPU only; use --device cpu"),
                cuda.getMessage());
    }
}
