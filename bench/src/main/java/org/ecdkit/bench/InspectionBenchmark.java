package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.LargeOnnxFile;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;

/**
 * How long {@code ecdkit inspect} takes on a small ONNX model and on models carrying 2 GiB of
 * weights, inside the file and in an external data file. Inspection must cost what the graph costs:
 * the three times should be alike. The large files are written for real (not sparse) before timing.
 *
 * <pre>bench/run InspectionBenchmark [FOLDER] [GIB]</pre>
 */
public final class InspectionBenchmark {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/inspection-bench");
        long weights = (long) (Double.parseDouble(args.length > 1 ? args[1] : "2") * (1L << 30));
        Files.createDirectories(folder);
        ModelInspectors inspectors = ModelInspectors.standard();

        Path small = OnnxFixtures.fourBandsTwoClasses(folder.resolve("small.onnx"));
        Path embedded = LargeOnnxFile.write(folder.resolve("embedded-weights.onnx"), weights, false);
        Path external = folder.resolve("external/model.onnx");
        Files.createDirectories(external.getParent());
        OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 4, "height", "width")
                .externalInitializer("W", new long[] {2, 4, 1, 1}, new float[8], "weights.bin")
                .node("Conv", List.of("image", "W"), List.of("scores"), OnnxModelBuilder.ints("kernel_shape", 1, 1))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width")
                .write(external);
        LargeOnnxFile.write(external.resolveSibling("weights.bin"), weights, false);

        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| model | bytes on disk | inspection (median of 20) |");
        System.out.println("|---|---|---|");
        for (Path model : List.of(small, embedded, external)) {
            Inspection[] last = new Inspection[1];
            Timings timings = Timings.of(5, 20, () -> last[0] = inspectors.inspect(model, InspectOptions.DEFAULT));
            System.out.printf("| %s | %,d | %s |%n", folder.relativize(model), last[0].totalBytes(), timings);
        }
    }
}
