package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.detect.DetectListener;
import org.ecdkit.detect.DetectObjects;
import org.ecdkit.detect.DetectOptions;
import org.ecdkit.detect.DetectionSummary;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;

/**
 * Detection throughput: a generated SIZE x SIZE scene holding OBJECTS square objects (12 pixels, three
 * classes) and the marker detector ({@code OnnxFixtures.markerDetector}: its boxes are exactly the
 * objects), tiles of 512 overlapping by 32, for each batch size given. Every object must be found
 * exactly once; the count is checked.
 *
 * <pre>bench/run DetectBenchmark FOLDER [SIZE] [OBJECTS] [batches,...]</pre>
 */
public final class DetectBenchmark {

    private static final int OBJECT = 12;
    private static final int TILE = 512;

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/detect-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        String batches = args.length > 3 ? args[3] : "1,4,8";
        Files.createDirectories(folder);
        Path scene = folder.resolve("objects-" + size + "-" + count + ".tif");
        int cell = (int) Math.sqrt((double) size * size / count);
        int expected = Math.min(count, (size / cell) * (size / cell));
        long t0 = System.nanoTime();
        if (!Files.exists(scene)) {
            Map<Long, int[]> marks = new HashMap<>();
            Random random = new Random(1);
            // One object in a random spot of each cell of a grid: objects apart, spread evenly.
            for (int cy = 0; cy + cell <= size && marks.size() < count; cy += cell) {
                for (int cx = 0; cx + cell <= size && marks.size() < count; cx += cell) {
                    int x = cx + random.nextInt(Math.max(1, cell - OBJECT - 2));
                    int y = cy + random.nextInt(Math.max(1, cell - OBJECT - 2));
                    marks.put((long) y << 32 | x, new int[] {140 + random.nextInt(116), random.nextInt(3)});
                }
            }
            GeoTiffFixture.of(size, size, 2, SampleType.UINT8, (x, y, band) -> {
                int[] mark = marks.get((long) y << 32 | x);
                return mark == null ? 0 : mark[band];
            }).tiled(512).deflate().epsg(32611, 400_000, 4_000_000, 0.5).write(scene);
        }
        Path model = OnnxFixtures.markerDetector(folder.resolve("detector.onnx"), TILE, OBJECT, 256);
        Path ecd = BenchScenes.detectorDefinition(folder, model);
        System.out.printf("scene %s (%,d bytes) ready in %.1f s; java %s, %d cores%n", scene.getFileName(), Files.size(scene),
                (System.nanoTime() - t0) / 1e9, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        Path out = folder.resolve("objects.geojson");
        DetectOptions base = DetectOptions.DEFAULT.withThreads(2).withPadding(16);
        DetectObjects.run(ecd, scene, out, base, DetectListener.SILENT);
        System.out.println("| batch | objects | wall s | inference s | read s | decode + write s | wall / inference | Mpixel/s | objects/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int batch : ClassifyBenchmark.ints(batches)) {
            DetectionSummary summary = DetectObjects.run(ecd, scene, out, base.withBatch(batch), DetectListener.SILENT);
            if (summary.detections() != expected) {
                throw new IllegalStateException(summary.detections() + " objects found, " + expected + " placed");
            }
            StageTimes times = summary.times();
            double wall = StageTimes.seconds(times.wallNanos());
            System.out.printf("| %d | %,d | %.2f | %.2f | %.2f | %.2f | %.3f | %.2f | %,.0f |%n", batch, summary.detections(),
                    wall, StageTimes.seconds(times.inferenceNanos()), StageTimes.seconds(times.readNanos()),
                    StageTimes.seconds(times.writeNanos()), times.overhead(), summary.megapixelsPerSecond(),
                    summary.detections() / wall);
        }
    }
}
