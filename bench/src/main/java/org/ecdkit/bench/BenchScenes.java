package org.ecdkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecdkit.convert.ConversionOptions;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;

/** The scenes and models the classify benchmarks run on, written once and reused. */
final class BenchScenes {

    private BenchScenes() {
    }

    /**
     * A small fully convolutional net: 3x3 conv (bands to 16) and ReLU, 3x3 conv (16 to 16) and ReLU,
     * 1x1 conv (16 to 5 class scores); about 5.6 kFLOP per pixel, weights from a seeded generator.
     */
    static Path smallFcn(Path file, int bands) throws IOException {
        float[][][][] w = fcnWeights(bands);
        float[][][] first = w[0];
        float[][][] second = w[1];
        float[][][] head = w[2];
        return OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", bands, "height", "width")
                .conv("image", "c1", first, new float[16], 3)
                .node("Relu", List.of("c1"), List.of("r1"))
                .conv("r1", "c2", second, new float[16], 3)
                .node("Relu", List.of("c2"), List.of("r2"))
                .conv("r2", "scores", head, new float[5], 1)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 5, "height", "width")
                .write(file);
    }

    /** The three layers' weights, [out][in][ky * k + kx], from the same seeded generator every time. */
    static float[][][][] fcnWeights(int bands) {
        Random random = new Random(7);
        return new float[][][][] {weights(random, 16, bands, 9), weights(random, 16, 16, 9), weights(random, 5, 16, 1)};
    }

    /**
     * The same net as {@link #smallFcn} with the same weights, as a TensorFlow SavedModel exported by
     * TensorFlow's Java API: NHWC, HWIO kernels, SAME padding; input "image", output "scores".
     */
    static Path smallFcnTensorFlow(Path folder, int bands) {
        float[][][][] w = fcnWeights(bands);
        try (org.tensorflow.Graph graph = new org.tensorflow.Graph(); org.tensorflow.Session session = new org.tensorflow.Session(graph)) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(graph);
            var image = tf.withName("image").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, -1, -1, bands)));
            org.tensorflow.Operand<org.tensorflow.types.TFloat32> x = image;
            for (int layer = 0; layer < 3; layer++) {
                int kernel = layer < 2 ? 3 : 1;
                float[][][] weights = w[layer];
                int out = weights.length;
                int in = weights[0].length;
                float[] hwio = new float[kernel * kernel * in * out];
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        for (int k = 0; k < kernel * kernel; k++) {
                            hwio[(k * in + i) * out + o] = weights[o][i][k];
                        }
                    }
                }
                var filter = tf.constant(org.tensorflow.ndarray.Shape.of(kernel, kernel, in, out),
                        org.tensorflow.ndarray.buffer.DataBuffers.of(hwio));
                var conv = (layer == 2 ? tf.withName("scores") : tf).nn.conv2d(x, filter, List.of(1L, 1L, 1L, 1L), "SAME");
                x = layer == 2 ? conv : tf.nn.relu(conv);
            }
            var signature = org.tensorflow.Signature.builder().key("serving_default").input("image", image)
                    .output("scores", x).build();
            org.tensorflow.SavedModelBundle.exporter(folder.toString())
                    .withFunction(org.tensorflow.SessionFunction.create(signature, session)).export();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return folder;
    }

    /**
     * The same net as {@link #smallFcn} with the same weights, as a TorchScript archive PyTorch writes
     * ({@code bench/peer/export_fcn3_torchscript.py}, run with {@code $TORCH_PYTHON}, default Debian's
     * {@code /usr/bin/python3} with python3-torch).
     */
    static Path smallFcnTorchScript(Path file, int bands) throws IOException, InterruptedException {
        Path weights = fcnWeightsFile(file.resolveSibling(file.getFileName() + ".weights.f32"), bands);
        String home = System.getProperty("ecdkit.home", ".");
        Process process = new ProcessBuilder(System.getenv().getOrDefault("TORCH_PYTHON", "/usr/bin/python3"),
                Path.of(home, "bench/peer/export_fcn3_torchscript.py").toString(), weights.toString(), String.valueOf(bands),
                file.toString()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("the TorchScript export failed (Debian's python3-torch is needed)");
        }
        return file;
    }

    /**
     * {@link #smallFcn} with the same weights as fcn3.h5, fcn3.keras and fcn3.tflite, and a 200 MB net as
     * large.h5, large.keras and large.tflite, written by Keras and TensorFlow
     * ({@code bench/peer/export_keras_tflite.py}, run with {@code $KERAS_PYTHON}, default the environment
     * scripts/install-system-packages makes); kept in {@code folder} once written.
     */
    static Path kerasAndTflite(Path folder, int bands) throws IOException, InterruptedException {
        if (Files.exists(folder.resolve("large.tflite"))) {
            return folder;
        }
        Files.createDirectories(folder);
        Path weights = fcnWeightsFile(folder.resolve("fcn3.weights.f32"), bands);
        String home = System.getProperty("ecdkit.home", ".");
        String fixtures = System.getenv().getOrDefault("ECDKIT_FIXTURES_DIR", System.getenv("HOME") + "/.cache/ecdkit-fixtures");
        String python = System.getenv().getOrDefault("KERAS_PYTHON", fixtures + "/python-keras/bin/python");
        Process process = new ProcessBuilder(python, Path.of(home, "bench/peer/export_keras_tflite.py").toString(),
                weights.toString(), String.valueOf(bands), folder.toString()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("the Keras and TFLite export failed (scripts/install-system-packages makes its Python)");
        }
        return folder;
    }

    /** {@link #smallFcn}'s weights, float32 little-endian, each layer [out][in][ky * k + kx]. */
    private static Path fcnWeightsFile(Path file, int bands) throws IOException {
        float[][][][] w = fcnWeights(bands);
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(4 * (16 * bands * 9 + 16 * 16 * 9 + 5 * 16))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[][][] layer : w) {
            for (float[][] out : layer) {
                for (float[] in : out) {
                    for (float v : in) {
                        raw.putFloat(v);
                    }
                }
            }
        }
        return Files.write(file, raw.array());
    }

    private static float[][][] weights(Random random, int out, int in, int kernel) {
        float[][][] w = new float[out][in][kernel];
        for (float[][] o : w) {
            for (float[] i : o) {
                for (int k = 0; k < kernel; k++) {
                    i[k] = (float) (random.nextGaussian() * 0.1);
                }
            }
        }
        return w;
    }

    static Path definition(Path folder, Path model, int bands, int classes, String name) throws IOException {
        return definition(folder, model, bands, classes, name, 4);
    }

    /** A definition of {@code model} whose class info asks for {@code batch} tiles per call. */
    static Path definition(Path folder, Path model, int bands, int classes, String name, int batch) throws IOException {
        StringBuilder list = new StringBuilder();
        for (int c = 0; c < classes; c++) {
            list.append(c == 0 ? "" : ",").append("{\"Value\":").append(c + 1).append(",\"Name\":\"class ").append(c)
                    .append("\",\"Color\":[").append(40 * c).append(",").append(200 - 30 * c).append(",90]}");
        }
        Path info = Files.writeString(folder.resolve(name + ".json"), "{\"Classifier\":\"ONNX\",\"NumberRasterBands\":"
                + bands + ",\"MiniBatchSize\":" + batch + ",\"Classes\":[" + list + "]}");
        Path ecd = folder.resolve(name + ".ecd");
        DeepLearningModelToEcd.run(model, info, ecd, ConversionOptions.DEFAULT);
        return ecd;
    }

    /** A scene of smooth fields with texture, written only if absent (it takes a while). */
    static Path scene(Path file, int size, int bands, SampleType type, boolean deflate) throws IOException {
        return scene(file, size, size, bands, type, deflate);
    }

    /** A {@code width} x {@code height} scene of smooth fields with texture, written only if absent. */
    static Path scene(Path file, int width, int height, int bands, SampleType type, boolean deflate) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        double range = type == SampleType.UINT8 ? 250 : 4000;
        GeoTiffFixture fixture = GeoTiffFixture.of(width, height, bands, type, (x, y, b) -> {
            double field = Math.sin(x * 0.0031 + b) * Math.cos(y * 0.0027 - b) * 0.4 + 0.5;
            int texture = (x * 31 + y * 17 + b * 7) % 13;
            return Math.floor(field * (range - 13) + texture);
        }).tiled(512).epsg(32611, 400_000, 4_000_000, 0.6);
        if (deflate) {
            fixture.deflate();
        }
        return fixture.write(file);
    }

    static List<String> args(String[] args) {
        return new ArrayList<>(List.of(args));
    }

    /** The detector of {@link DetectBenchmark} as a definition: 2 bands, three classes, object detection. */
    static Path detectorDefinition(Path folder, Path model) throws IOException {
        Path info = Files.writeString(folder.resolve("detector.json"), "{\"NumberRasterBands\": 2, \"MiniBatchSize\": 4, "
                + "\"ModelType\": \"ObjectDetection\", \"Classes\": [{\"Value\": 1, \"Name\": \"Tree\", \"Color\": [0, 128, 0]}, "
                + "{\"Value\": 2, \"Name\": \"Car\", \"Color\": [200, 0, 0]}, {\"Value\": 3, \"Name\": \"Pool\", \"Color\": [0, 0, 255]}]}");
        Path ecd = folder.resolve("detector.ecd");
        DeepLearningModelToEcd.run(model, info, ecd, ConversionOptions.DEFAULT);
        return ecd;
    }
}
