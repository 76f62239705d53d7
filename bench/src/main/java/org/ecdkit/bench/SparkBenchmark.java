package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.raster.SampleType;
import org.ecdkit.spark.ClusterSession;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.scenes.SceneJob;
import org.ecdkit.spark.scenes.SceneList;
import org.ecdkit.spark.windows.WindowJob;

/**
 * What Spark costs and gives on this machine: the classify benchmark's SIZE x SIZE scene and model
 * ({@link BenchScenes#smallFcn}, tiles of 512, batch 4), classified by one machine (2 runtime threads)
 * and by embedded Spark, as one raster in windows and as four scenes (its quarters), on local[1] and
 * local[2]. Every Spark output is checked byte for byte against the one machine's. Spark start-up is
 * timed once per session; steady-state figures are medians of ROUNDS runs after one unreported
 * warm-up, in one JVM.
 *
 * <pre>bench/run SparkBenchmark FOLDER [SIZE] [ROUNDS]</pre>
 */
public final class SparkBenchmark {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/spark-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(folder);
        Path scene = BenchScenes.scene(folder.resolve("scene-" + size + "-3band.tif"), size, 3, SampleType.UINT8, true);
        Path model = BenchScenes.smallFcn(folder.resolve("fcn3.onnx"), 3);
        Path ecd = BenchScenes.definition(folder, model, 3, 5, "fcn3");
        Path quarters = Files.createDirectories(folder.resolve("quarters"));
        for (int q = 0; q < 4; q++) {
            BenchScenes.scene(quarters.resolve("q" + q + ".tif"), size / 2, size / 2, 3, SampleType.UINT8, true);
        }
        ClassifyOptions options = ClassifyOptions.DEFAULT.withTile(512).withBatch(4);
        double pixels = (double) size * size / 1e6;
        System.out.printf("scene %d x %d, java %s, %d cores%n", size, size, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        Path reference = folder.resolve("one.tif");
        List<Double> one = new ArrayList<>();
        List<Double> onePipeline = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            // The whole call, as the job's wall is: the pipeline, then the overviews and the attribute table.
            long started = System.nanoTime();
            ClassificationSummary done = ClassifyRaster.run(ecd, scene, reference, options.withThreads(2), ClassifyListener.SILENT);
            if (r > 0) {
                one.add((System.nanoTime() - started) / 1e9);
                onePipeline.add(done.times().wallNanos() / 1e9);
            }
        }
        double oneMachine = median(one);
        double oneTiles = median(onePipeline);
        System.out.printf("one machine (2 threads): %.2f s in all, %.2f Mpixel/s; its tiles (the pipeline, before the overviews) "
                + "%.2f s, %.2f Mpixel/s%n", oneMachine, pixels / oneMachine, oneTiles, pixels / oneTiles);
        System.out.println("| master | shape | Spark start-up s | job wall s | tasks s | finish s | Mpixel/s (wall) | wall ratio "
                + "| steady-state ratio (tasks against one machine's tiles) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String master : List.of("local[2]", "local[1]")) {
            try (ClusterSession session = ClusterSession.start(master)) {
                List<Double> walls = new ArrayList<>();
                List<Double> tasks = new ArrayList<>();
                List<Double> finishes = new ArrayList<>();
                for (int r = 0; r <= rounds; r++) {
                    Path out = folder.resolve("spark-" + r + ".tif");
                    long started = System.nanoTime();
                    JobSummary summary = WindowJob.classify(session, ecd, scene.toString(), out, JobSettings.of(options), 0, false,
                            false, JobProgress.SILENT);
                    double wall = (System.nanoTime() - started) / 1e9;
                    check(summary, reference, out);
                    if (r == rounds) {
                        System.out.print(summary.describe().replaceAll("(?m)^", "    "));
                    }
                    if (r > 0) {
                        walls.add(wall);
                        tasks.add(summary.tasksNanos() / 1e9);
                        finishes.add(summary.finishNanos() / 1e9);
                    }
                    Files.delete(out);
                    Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".aux.xml"));
                }
                double wall = median(walls);
                System.out.printf("| %s | one raster, %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f |%n", master,
                        "windows of " + WindowJob.windowRows(0, (size + 255) / 256, (long) size * size, session.slots()) * 256
                                + " rows", session.startupNanos() / 1e9, wall, median(tasks), median(finishes), pixels / wall,
                        oneMachine / wall, oneTiles / median(tasks));
                List<Double> sceneWalls = new ArrayList<>();
                for (int r = 0; r <= rounds; r++) {
                    Path out = folder.resolve("scenes-" + master.replaceAll("[^0-9]", "") + "-" + r);
                    remove(out);
                    long started = System.nanoTime();
                    JobSummary summary = SceneJob.run(session, ecd, SceneList.read(quarters.toString(), "image"), out,
                            JobSettings.of(options), false, false, JobProgress.SILENT);
                    if (!summary.failures().isEmpty()) {
                        throw new IllegalStateException(summary.describe());
                    }
                    if (r > 0) {
                        sceneWalls.add((System.nanoTime() - started) / 1e9);
                    }
                }
                double scenesWall = median(sceneWalls);
                System.out.printf("| %s | 4 scenes of %d x %d | | %.2f | | | %.2f | %.3f | |%n", master, size / 2, size / 2,
                        scenesWall, pixels / scenesWall, oneMachine / scenesWall);
            }
        }
    }

    private static void check(JobSummary summary, Path reference, Path out) throws Exception {
        if (!summary.failures().isEmpty() || Files.mismatch(reference, out) != -1) {
            throw new IllegalStateException("the Spark output differs from one machine's: " + summary.describe());
        }
    }

    private static void remove(Path folder) throws java.io.IOException {
        if (Files.exists(folder)) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
