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
        Random random = new Random(7);
        float[][][] first = weights(random, 16, bands, 9);
        float[][][] second = weights(random, 16, 16, 9);
        float[][][] head = weights(random, 5, 16, 1);
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
        StringBuilder list = new StringBuilder();
        for (int c = 0; c < classes; c++) {
            list.append(c == 0 ? "" : ",").append("{\"Value\":").append(c + 1).append(",\"Name\":\"class ").append(c)
                    .append("\",\"Color\":[").append(40 * c).append(",").append(200 - 30 * c).append(",90]}");
        }
        Path info = Files.writeString(folder.resolve(name + ".json"), "{\"Classifier\":\"ONNX\",\"NumberRasterBands\":"
                + bands + ",\"MiniBatchSize\":4,\"Classes\":[" + list + "]}");
        Path ecd = folder.resolve(name + ".ecd");
        DeepLearningModelToEcd.run(model, info, ecd, ConversionOptions.DEFAULT);
        return ecd;
    }

    /** A scene of smooth fields with texture, written only if absent (it takes a while). */
    static Path scene(Path file, int size, int bands, SampleType type, boolean deflate) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        double range = type == SampleType.UINT8 ? 250 : 4000;
        GeoTiffFixture fixture = GeoTiffFixture.of(size, size, bands, type, (x, y, b) -> {
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
}
