package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.tiff.GeoTiffSource;

/**
 * The same small fully convolutional net ({@link BenchScenes#smallFcn}) run as ONNX (ONNX Runtime),
 * as a TensorFlow SavedModel (TensorFlow's Java API), as a TorchScript archive (libtorch through
 * DJL), and as Keras HDF5, Keras 3, TFLite and CNTK v2 files translated to ONNX on the fly, over the same scene with the same settings, three runs each after a warm-up, and how many
 * output pixels each agrees with ONNX Runtime's on.
 *
 * <pre>bench/run RuntimeComparisonBenchmark FOLDER [SIZE]</pre>
 */
public final class RuntimeComparisonBenchmark {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/runtime-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        Files.createDirectories(folder);
        Path scene = BenchScenes.scene(folder.resolve("scene-" + size + "-3band.tif"), size, 3, SampleType.UINT8, true);
        Path onnx = BenchScenes.definition(folder, BenchScenes.smallFcn(folder.resolve("fcn3.onnx"), 3), 3, 5, "fcn3-onnx");
        Path saved = folder.resolve("fcn3-savedmodel");
        if (!Files.exists(saved)) {
            BenchScenes.smallFcnTensorFlow(saved, 3);
        }
        Path tf = BenchScenes.definition(folder, saved, 3, 5, "fcn3-tf");
        Path torch = BenchScenes.definition(folder, BenchScenes.smallFcnTorchScript(folder.resolve("fcn3.pt"), 3), 3, 5,
                "fcn3-torchscript");
        Path translated = BenchScenes.kerasAndTflite(folder.resolve("keras-tflite"), 3);
        Path kerasH5 = BenchScenes.definition(folder, translated.resolve("fcn3.h5"), 3, 5, "fcn3-keras-h5");
        Path kerasV3 = BenchScenes.definition(folder, translated.resolve("fcn3.keras"), 3, 5, "fcn3-keras-v3");
        Path tflite = BenchScenes.definition(folder, translated.resolve("fcn3.tflite"), 3, 5, "fcn3-tflite");
        Path cntk = BenchScenes.definition(folder, CntkBenchModels.write(folder.resolve("cntk"), 3).resolve("fcn3.model"), 3, 5,
                "fcn3-cntk");
        ClassifyOptions options = ClassifyOptions.DEFAULT.withThreads(2).withBatch(4).withTile(512);
        System.out.printf("scene %d x %d, 3 bands; java %s, %d cores; threads 2, batch 4, tile 512%n", size, size,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| runtime | run | wall s | inference s | wall / inference | Mpixel/s |");
        System.out.println("|---|---|---|---|---|---|");
        for (Path ecd : new Path[] {onnx, tf, torch, kerasH5, kerasV3, tflite, cntk}) {
            Path out = folder.resolve(ecd.getFileName().toString().replace(".ecd", ".tif"));
            ClassifyRaster.run(ecd, scene, out, options, ClassifyListener.SILENT);
            for (int run = 1; run <= 3; run++) {
                ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, options, ClassifyListener.SILENT);
                StageTimes times = summary.times();
                System.out.printf("| %s | %d | %.2f | %.2f | %.3f | %.2f |%n", summary.plan().runner().runtime(), run,
                        StageTimes.seconds(times.wallNanos()), StageTimes.seconds(times.inferenceNanos()), times.overhead(),
                        summary.megapixelsPerSecond());
            }
        }
        for (String other : new String[] {"fcn3-tf.tif", "fcn3-torchscript.tif", "fcn3-keras-h5.tif", "fcn3-keras-v3.tif",
            "fcn3-tflite.tif", "fcn3-cntk.tif"}) {
            long same = agreeing(folder.resolve("fcn3-onnx.tif"), folder.resolve(other), size);
            long total = (long) size * size;
            System.out.printf("%s agrees with ONNX Runtime's output on %,d of %,d pixels (%.4f %%)%n", other, same, total,
                    100.0 * same / total);
        }
    }

    private static long agreeing(Path first, Path second, int size) {
        long same = 0;
        try (GeoTiffSource a = GeoTiffSource.open(first); GeoTiffSource b = GeoTiffSource.open(second)) {
            int rows = 256;
            float[] x = new float[size * rows];
            float[] y = new float[size * rows];
            for (int row = 0; row < size; row += rows) {
                int n = Math.min(rows, size - row);
                org.ecdkit.raster.Window window = new org.ecdkit.raster.Window(0, row, size, n);
                a.read(window, new int[] {0}, x);
                b.read(window, new int[] {0}, y);
                for (int i = 0; i < size * n; i++) {
                    if (x[i] == y[i]) {
                        same++;
                    }
                }
            }
        }
        return same;
    }
}
