package org.ecdkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;

/**
 * Memory of a large classification: a SIZE x SIZE 4-band uint16 scene (uncompressed, tiled: 3.2 GB
 * at 20 000 pixels a side) classified in a child JVM limited to {@code -Xmx512m}. Reports the peak
 * heap (sampled every 20 ms, and the sum of the heap pools' own peaks, an upper bound) and the peak
 * resident memory of the process (VmHWM), which includes ONNX Runtime's native memory.
 *
 * <pre>bench/run MemoryBenchmark FOLDER [SIZE] [HEAP]</pre>
 */
public final class MemoryBenchmark {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            return;
        }
        Path folder = Path.of(args.length > 0 ? args[0] : "target/memory-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        String heap = args.length > 2 ? args[2] : "512m";
        Files.createDirectories(folder);
        long t0 = System.nanoTime();
        Path scene = BenchScenes.scene(folder.resolve("scene-" + size + "-4band-uint16.tif"), size, 4, SampleType.UINT16, false);
        Path model = OnnxFixtures.fourBandsTwoClasses(folder.resolve("threshold.onnx"));
        Path ecd = BenchScenes.definition(folder, model, 4, 2, "threshold");
        System.out.printf("scene %s: %,d bytes, ready in %.1f s%n", scene.getFileName(), Files.size(scene), (System.nanoTime() - t0) / 1e9);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), MemoryBenchmark.class.getName(), "--child",
                ecd.toString(), scene.toString(), folder.resolve("classified.tif").toString()));
        System.out.println("running: java -Xmx" + heap + " ... MemoryBenchmark --child");
        Process process = new ProcessBuilder(command).inheritIO().start();
        System.exit(process.waitFor());
    }

    private static void child(Path ecd, Path scene, Path out) throws Exception {
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withThreads(2).withBatch(4),
                ClassifyListener.SILENT);
        sampler.interrupt();
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM: unknown").replaceAll("\\s+", " ");
        System.out.print(summary.plan().describe() + "\n" + summary.describe());
        System.out.printf("max heap %d MiB; peak heap used (sampled) %d MiB; sum of heap pool peaks %d MiB; peak resident %s%n",
                Runtime.getRuntime().maxMemory() >> 20, peak.get() >> 20, poolPeaks >> 20, hwm);
    }
}
