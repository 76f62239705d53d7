package org.ecdkit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.KerasModelBuilder;
import org.ecdkit.model.fixture.LargeOnnxFile;
import org.ecdkit.model.fixture.LargeProtoFile;
import org.ecdkit.model.fixture.ModelFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.ecdkit.model.fixture.TfliteModelBuilder;
import org.ecdkit.model.fixture.TorchScriptArchiveBuilder;

/**
 * How long inspection takes, per format, on a small model and on the same model carrying more than
 * 1 GiB of weights where that format keeps them: inside the protobuf (ONNX, frozen graph, CNTK), in
 * variables/ (SavedModel), in an HDF5 dataset (Keras), in the weights entry of the archive (.keras,
 * TorchScript), in a FlatBuffer buffer (TFLite), and in an ONNX external data file. Inspection must
 * cost what the graph costs: small and large times should be alike. Large files are written for
 * real (zeros, not holes) before timing. Keras HDF5 and TFLite hold the weights in memory while
 * writing: give the JVM room ({@code BENCH_JAVA_OPTS=-Xmx6g}).
 *
 * <pre>BENCH_JAVA_OPTS=-Xmx6g bench/run InspectionBenchmark [FOLDER] [GIB]</pre>
 */
public final class InspectionBenchmark {

    private record Case(String format, String size, Path model) {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/inspection-bench");
        long weights = (long) (Double.parseDouble(args.length > 1 ? args[1] : "1.25") * (1L << 30));
        Files.createDirectories(folder);
        ModelInspectors inspectors = ModelInspectors.standard();

        List<Case> cases = new ArrayList<>();
        for (ModelFormat format : ModelFormat.values()) {
            Path small = Files.createDirectories(folder.resolve("small").resolve(format.id()));
            cases.add(new Case(format.description(), "small", ModelFixtures.segmenter(format, small)));
            Path large = Files.createDirectories(folder.resolve("large").resolve(format.id()));
            cases.add(new Case(format.description(), "large", large(format, large, weights)));
        }
        Path external = folder.resolve("large/onnx-external/model.onnx");
        Files.createDirectories(external.getParent());
        OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 4, "height", "width")
                .externalInitializer("W", new long[] {2, 4, 1, 1}, new float[8], "weights.bin")
                .node("Conv", List.of("image", "W"), List.of("scores"), OnnxModelBuilder.ints("kernel_shape", 1, 1))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width")
                .write(external);
        zeros(external.resolveSibling("weights.bin"), weights);
        cases.add(new Case("ONNX model, external data file", "large", external));

        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| format | model | bytes on disk | first inspection | inspection (median of 20) |");
        System.out.println("|---|---|---|---|---|");
        for (Case c : cases) {
            long start = System.nanoTime();
            Inspection first = inspectors.inspect(c.model(), InspectOptions.DEFAULT);
            double firstMillis = (System.nanoTime() - start) / 1e6;
            Timings timings = Timings.of(5, 20, () -> inspectors.inspect(c.model(), InspectOptions.DEFAULT));
            System.out.printf("| %s | %s | %,d | %.2f ms | %s |%n", c.format(), c.size(), first.totalBytes(), firstMillis,
                    timings);
        }
    }

    /** The format's small segmenter with {@code weights} bytes of weights where the format keeps them. */
    private static Path large(ModelFormat format, Path folder, long weights) throws IOException {
        return switch (format) {
            case ONNX -> LargeOnnxFile.write(folder.resolve("model.onnx"), weights, false);
            case TENSORFLOW_SAVED_MODEL -> {
                Path model = ModelFixtures.segmenter(format, folder);
                zeros(model.resolve("variables/variables.data-00000-of-00001"), weights);
                yield model;
            }
            case TENSORFLOW_GRAPH_DEF -> LargeProtoFile.frozenGraph(folder.resolve("model.pb"), weights, false);
            case CNTK_V2 -> LargeProtoFile.cntkModel(folder.resolve("model.model"), weights, false);
            case KERAS_HDF5 -> KerasModelBuilder.segmenter(KerasModelBuilder.Style.KERAS_2, ModelFixtures.BANDS,
                    ModelFixtures.CLASSES).writeHdf5WithJhdf(folder.resolve("model.h5"), "2.15.0", (int) (weights / 4));
            case KERAS_V3 -> KerasModelBuilder.segmenter(KerasModelBuilder.Style.KERAS_3, ModelFixtures.BANDS,
                    ModelFixtures.CLASSES).writeKerasArchive(folder.resolve("model.keras"), "3.6.0", weights);
            case TFLITE -> {
                TfliteModelBuilder model = TfliteModelBuilder.segmenter(ModelFixtures.BANDS, ModelFixtures.CLASSES,
                        ModelFixtures.TILE, ModelFixtures.TILE);
                model.constant("dense/kernel", (int) weights, (int) (weights / 4));
                yield model.write(folder.resolve("model.tflite"));
            }
            case TORCHSCRIPT -> TorchScriptArchiveBuilder.segmenter().zeros("data/1", weights).write(folder.resolve("model.pt"));
        };
    }

    private static void zeros(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = bytes; left > 0; left -= chunk.limit()) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        }
    }
}
