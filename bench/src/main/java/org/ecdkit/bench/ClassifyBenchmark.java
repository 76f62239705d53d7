package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.raster.SampleType;

/**
 * Classify overhead and throughput: a generated SIZE x SIZE 3-band uint8 scene (Deflate, tiled) and a
 * small fully convolutional model ({@link BenchScenes#smallFcn}), for each thread count, batch size
 * and tile size given. Overhead is the wall time divided by the time spent inside the model's run
 * calls on the same tiles. The first run warms the JIT and the page cache and is not reported.
 *
 * <p>Each setting is followed by its model alone ({@link ModelAlone}): the same calls with no other
 * thread running, in the same JVM, so that drifts in the machine's speed cancel out of the ratio.
 *
 * <pre>bench/run ClassifyBenchmark FOLDER [SIZE] [threads,...] [batches,...] [tiles,...] [MODEL.onnx]</pre>
 */
public final class ClassifyBenchmark {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/classify-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        List<Integer> threads = ints(args.length > 2 ? args[2] : "1,2");
        List<Integer> batches = ints(args.length > 3 ? args[3] : "1,4,16");
        List<Integer> tiles = ints(args.length > 4 ? args[4] : "256,512");
        Files.createDirectories(folder);
        long t0 = System.nanoTime();
        Path scene = BenchScenes.scene(folder.resolve("scene-" + size + "-3band.tif"), size, 3, SampleType.UINT8, true);
        Path model = args.length > 5 ? Path.of(args[5]) : BenchScenes.smallFcn(folder.resolve("fcn3.onnx"), 3);
        Path ecd = BenchScenes.definition(folder, model, 3, 5, model.getFileName().toString().replace(".onnx", ""));
        System.out.printf("scene %s (%,d bytes) ready in %.1f s; java %s, %d cores%n", scene.getFileName(), Files.size(scene),
                (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        Path out = folder.resolve("classified.tif");
        ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withThreads(2).withBatch(4).withTile(512), ClassifyListener.SILENT);
        System.out.println("| threads | batch | tile | wall s | model alone s | wall / model alone | inference in pipeline s | "
                + "read CPU s | write CPU s | Mpixel/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int tile : tiles) {
            for (int thread : threads) {
                for (int batch : batches) {
                    ClassifyOptions options = ClassifyOptions.DEFAULT.withThreads(thread).withBatch(batch).withTile(tile);
                    ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, options, ClassifyListener.SILENT);
                    StageTimes times = summary.times();
                    double alone = ModelAlone.seconds(model, summary.plan(), thread);
                    System.out.printf("| %d | %d | %d | %.2f | %.2f | %.3f | %.2f | %.2f | %.2f | %.2f |%n", thread, batch,
                            tile, StageTimes.seconds(times.wallNanos()), alone, StageTimes.seconds(times.wallNanos()) / alone,
                            StageTimes.seconds(times.inferenceNanos()), StageTimes.seconds(times.readCpuNanos()),
                            StageTimes.seconds(times.writeCpuNanos()), summary.megapixelsPerSecond());
                }
            }
        }
    }

    static List<Integer> ints(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
