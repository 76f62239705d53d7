package org.ecdkit.bench;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.classify.ClassificationPlan;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;

/**
 * The time a classification's model calls take alone: the same calls, batch shapes, runtime and
 * runner options as a plan's, one after another, with no other ecdkit thread running. The physical
 * limit a classification's wall time approaches.
 */
final class ModelAlone {

    private ModelAlone() {
    }

    /** Seconds that {@code plan}'s calls take alone, on a session made as ecdkit makes it. */
    static double seconds(Path onnx, ClassificationPlan plan, int threads) {
        int tiles = plan.tiles() - Math.max(0, plan.knownEmpty());
        int bands = plan.bandChoice().startsWith("all ") ? Integer.parseInt(plan.bandChoice().split(" ")[1]) : 3;
        return seconds(onnx, tiles, plan.batch(), bands, plan.tileHeight(), plan.tileWidth(), threads);
    }

    /**
     * Seconds that {@code tiles} tiles of {@code bands} x {@code height} x {@code width} take alone,
     * {@code batch} to a call (the last call takes the rest), on a session made as ecdkit makes it.
     */
    static double seconds(Path onnx, int tiles, int batch, int bands, int height, int width, int threads) {
        int calls = (tiles + batch - 1) / batch;
        int last = tiles - (calls - 1) * batch;
        RunnableModel model = new RunnableModel(onnx, ModelFormat.ONNX, "image", List.of("scores"), "");
        try (ModelRunner runner = ModelRunners.open(model, new RunnerOptions(threads, Device.CPU, 0))) {
            Tensor full = input(batch, bands, height, width);
            Tensor rest = input(last, bands, height, width);
            runner.runAll(full);
            long t0 = System.nanoTime();
            for (int call = 0; call < calls; call++) {
                runner.runAll(call == calls - 1 ? rest : full);
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static Tensor input(int batch, int bands, int height, int width) {
        Tensor tensor = Tensor.allocate(batch, bands, height, width);
        for (int i = 0; i < tensor.size(); i++) {
            tensor.data().put(i, (i * 31 + i / 4096) % 250);
        }
        return tensor;
    }
}
