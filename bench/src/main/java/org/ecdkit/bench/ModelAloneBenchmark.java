package org.ecdkit.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The model alone: ONNX Runtime's run call on identical tensors, one call after another, with no
 * other ecdkit thread running. This is the physical limit a classification can approach; ecdkit's
 * wall time is compared with it. Session options and the tensor hand-over can be varied, so each
 * suspected cause of overhead gets its own number.
 *
 * <pre>bench/run ModelAloneBenchmark MODEL.onnx BATCH BANDS TILE THREADS CALLS [key=value ...]</pre>
 *
 * Options: {@code spinning=0|1} (intra-op threads spin between parallel sections), {@code arena=0|1}
 * (CPU memory arena), {@code pattern=0|1} (memory pattern), {@code inter=N} (inter-op threads),
 * {@code handover=direct|heap|reuse} (a new tensor over a direct buffer per call, as ecdkit does; a
 * new tensor from a heap array, which ONNX Runtime copies; one tensor made once and reused),
 * {@code output=new|pinned} (outputs copied into a new heap buffer per call, or written into a
 * tensor made once and pinned), {@code fresh=1} (a new input and a 64 MiB sweep of the caches
 * before each call, untimed, as a pipeline's other work leaves them), {@code profile=PREFIX} (ONNX Runtime's own per-operator profile, as
 * JSON). Prints the median, 10th and 90th percentile of a call, in ms.
 */
public final class ModelAloneBenchmark {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        int bands = Integer.parseInt(args[2]);
        int tile = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int calls = Integer.parseInt(args[5]);
        Map<String, String> options = new HashMap<>();
        for (int i = 6; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            options.put(pair[0], pair[1]);
        }
        int callers = Integer.parseInt(options.getOrDefault("callers", "1"));
        if (callers > 1) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<Result>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> run(model, batch, bands, tile, threads, calls / callers, options)));
            }
            double slowest = 0;
            for (var f : done) {
                slowest = Math.max(slowest, f.get().total());
            }
            pool.shutdown();
            System.out.printf(Locale.ROOT, "%d callers x %d threads: %.2f ms per call of throughput (%d calls in %.0f ms)%n",
                    callers, threads, slowest / calls, calls, slowest);
            return;
        }
        Result result = run(model, batch, bands, tile, threads, calls, options);
        System.out.printf(Locale.ROOT, "ONNX Runtime %s, %s, batch %d x %d x %d x %d, %d threads: median %.2f ms "
                + "(p10 %.2f, p90 %.2f) over %d calls%n", result.version(), options, batch, bands, tile, tile, threads,
                result.median(), result.p10(), result.p90(), calls);
    }

    /** The per-call times of a run, in ms. */
    record Result(String version, double median, double p10, double p90, double total) {
    }

    static Result run(Path model, int batch, int bands, int tile, int threads, int calls, Map<String, String> options)
            throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "bench");
        try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
            settings.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            settings.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            settings.setIntraOpNumThreads(threads);
            settings.setInterOpNumThreads(Integer.parseInt(options.getOrDefault("inter", "1")));
            settings.addConfigEntry("session.intra_op.allow_spinning", options.getOrDefault("spinning", "1"));
            settings.setCPUArenaAllocator(!"0".equals(options.get("arena")));
            settings.setMemoryPatternOptimization(!"0".equals(options.get("pattern")));
            if (options.containsKey("profile")) {
                settings.enableProfiling(options.get("profile"));
            }
            try (OrtSession session = environment.createSession(model.toString(), settings)) {
                String input = session.getInputNames().iterator().next();
                String output = session.getOutputNames().iterator().next();
                long[] shape = {batch, bands, tile, tile};
                int count = batch * bands * tile * tile;
                FloatBuffer direct = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                float[] heap = new float[count];
                Random random = new Random(11);
                for (int i = 0; i < count; i++) {
                    float v = random.nextInt(250);
                    direct.put(i, v);
                    heap[i] = v;
                }
                String handover = options.getOrDefault("handover", "direct");
                OnnxTensor reused = handover.equals("reuse") ? OnnxTensor.createTensor(environment, direct, shape) : null;
                OnnxTensor pinned = null;
                if ("pinned".equals(options.get("output"))) {
                    try (OrtSession.Result probe = session.run(Map.of(input, OnnxTensor.createTensor(environment, direct, shape)))) {
                        long[] outputShape = ((OnnxTensor) probe.get(0)).getInfo().getShape();
                        long values = 1;
                        for (long d : outputShape) {
                            values *= d;
                        }
                        FloatBuffer out = ByteBuffer.allocateDirect((int) values * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        pinned = OnnxTensor.createTensor(environment, out, outputShape);
                    }
                }
                List<Double> times = new ArrayList<>();
                int warmUp = Math.max(3, calls / 10);
                boolean fresh = "1".equals(options.get("fresh"));
                byte[] sweep = fresh ? new byte[64 << 20] : null;
                for (int call = 0; call < warmUp + calls; call++) {
                    if (fresh) {
                        // As in a pipeline: other work between calls sweeps the caches, and the input is new.
                        for (int i = 0; i < sweep.length; i += 64) {
                            sweep[i]++;
                        }
                        for (int i = 0; i < count; i++) {
                            direct.put(i, (i * 31 + call) % 250);
                        }
                    }
                    long t0 = System.nanoTime();
                    OnnxTensor tensor = reused != null ? reused : handover.equals("heap")
                            ? OnnxTensor.createTensor(environment, FloatBuffer.wrap(heap), shape)
                            : OnnxTensor.createTensor(environment, direct.duplicate().rewind(), shape);
                    if (pinned != null) {
                        try (OrtSession.Result result = session.run(Map.of(input, tensor), java.util.Set.of(),
                                Map.of(output, pinned))) {
                            pinned.getFloatBuffer(); // the values, as a caller would read them
                        }
                    } else {
                        try (OrtSession.Result result = session.run(Map.of(input, tensor))) {
                            ((OnnxTensor) result.get(0)).getFloatBuffer();
                        }
                    }
                    if (tensor != reused) {
                        tensor.close();
                    }
                    if (call >= warmUp) {
                        times.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                if (reused != null) {
                    reused.close();
                }
                if (pinned != null) {
                    pinned.close();
                }
                List<Double> sorted = times.stream().sorted().toList();
                return new Result(environment.getVersion(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() / 10),
                        sorted.get(sorted.size() * 9 / 10), times.stream().mapToDouble(Double::doubleValue).sum());
            }
        }
    }
}
