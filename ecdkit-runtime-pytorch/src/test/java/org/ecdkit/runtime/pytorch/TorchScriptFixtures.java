package org.ecdkit.runtime.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;

/**
 * TorchScript fixtures written by PyTorch itself (Debian's python3-torch, the oracle, never the
 * product), with PyTorch's own outputs on a scene: {@code src/test/python/torchscript_segmenter.py}.
 */
final class TorchScriptFixtures {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/python/torchscript_segmenter.py").toAbsolutePath();
    static final int BANDS = 4;
    private static Boolean available;

    /** What the script wrote: the archives, and PyTorch's scores and classes on the whole scene. */
    record Made(Path folder, Path scene, int width, int height, float[] scores, byte[] classes) {
        Path archive(String name) {
            return folder.resolve(name + ".pt");
        }
    }

    private TorchScriptFixtures() {
    }

    static void require() throws IOException, InterruptedException {
        if (available == null) {
            available = Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                    .redirectErrorStream(true).start().waitFor() == 0;
        }
        if ("1".equals(System.getenv("ECDKIT_REQUIRE_SYSTEM_FIXTURES"))) {
            assertTrue(available, "PyTorch is missing: apt-get install python3-torch");
        }
        assumeTrue(available, "apt-get install python3-torch to run the TorchScript oracle tests");
    }

    /** Smooth waves and a texture, values 0 to 1, band by band. */
    static float value(int x, int y, int band) {
        return switch (band) {
            case 0 -> (float) ((Math.sin(x / 11.0) + Math.cos(y / 7.0) + 2) / 4);
            case 1 -> (x * 7 + y * 13) % 101 / 101f;
            case 2 -> Math.hypot(x - 40, y - 30) < 25 ? 0.8f : 0.2f;
            default -> (float) (0.5 + 0.5 * Math.sin((x + y) / 9.0));
        };
    }

    static Made make(Path folder, int width, int height) throws IOException, InterruptedException {
        require();
        ByteBuffer raw = ByteBuffer.allocate(BANDS * width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int band = 0; band < BANDS; band++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    raw.putFloat(value(x, y, band));
                }
            }
        }
        Path image = Files.write(folder.resolve("scene.f32"), raw.array());
        Process process = new ProcessBuilder(List.of(PYTHON.toString(), SCRIPT.toString(), image.toString(),
                String.valueOf(BANDS), String.valueOf(height), String.valueOf(width), folder.toString()))
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the TorchScript export did not finish");
        assertEquals(0, process.exitValue(), "the TorchScript export failed:\n" + log);
        ByteBuffer scores = ByteBuffer.wrap(Files.readAllBytes(folder.resolve("scores.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[scores.remaining() / 4];
        scores.asFloatBuffer().get(values);
        Path scene = GeoTiffFixture.of(width, height, BANDS, SampleType.FLOAT32, (x, y, b) -> value(x, y, b)).tiled(64)
                .epsg(32611, 500000, 4100000, 0.6).write(folder.resolve("scene.tif"));
        return new Made(folder, scene, width, height, values, Files.readAllBytes(folder.resolve("classes.u8")));
    }
}
