package org.ecdkit.spark.windows;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.ecdkit.classify.ClassifiedWindow;
import org.ecdkit.classify.ClassifyWindows;
import org.ecdkit.classify.OutputWindow;
import org.ecdkit.detect.DetectWindows;
import org.ecdkit.detect.DetectedWindow;
import org.ecdkit.detect.TileRows;
import org.ecdkit.spark.executor.ExecutorIdentity;
import org.ecdkit.spark.executor.ExecutorRunners;
import org.ecdkit.spark.executor.TaskFaults;
import org.ecdkit.spark.job.JobFolder;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.ShippedDefinition;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.job.UnitTask;

/**
 * One window of one raster on an executor: its tiles through the same pipeline and merge as one
 * machine's ({@link ClassifyWindows#classify}, {@link DetectWindows#detect}), its result written as a
 * part file into the job's work folder and recorded complete with its digest.
 *
 * @param definition  the definition, where executors find it
 * @param input       the raster (a path every executor reads, or a URL)
 * @param output      the final output (detect checks its name against the inputs; nothing is written to it here)
 * @param work        the job's work folder
 * @param settings    the options, with the tiling pinned by the plan
 * @param slots       task slots per executor
 * @param maxAttempts attempts Spark gives a task
 */
record WindowWork(ShippedDefinition definition, String input, String output, String work, JobSettings settings, int slots,
        int maxAttempts) implements Function<WindowWork.Unit, UnitOutcome> {

    private static final long serialVersionUID = 1L;

    /** A window to compute: of the output raster's rows (classify) or of the tile grid's (detect). */
    record Unit(OutputWindow rows, TileRows gridRows, long pixels) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        String name() {
            return WindowJob.partName(rows != null ? rows.index() : gridRows.index());
        }
    }

    @Override
    public UnitOutcome call(Unit unit) throws Exception {
        return new UnitTask(maxAttempts).run(unit.name(), input, attempt -> {
            TaskFaults.current().beforeUnit(unit.name(), attempt);
            long started = System.nanoTime();
            JobSettings run = settings.threads() > 0 ? settings
                    : settings.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / slots));
            Path folder = Path.of(work);
            Path part = folder.resolve(unit.name() + ".part");
            long inference;
            if (unit.rows() != null) {
                ClassifiedWindow window = ClassifyWindows.classify(definition.local(), input, run.classify(), unit.rows(),
                        ExecutorRunners.pool(), (done, total) -> { });
                WindowParts.write(part, window);
                inference = window.inferenceNanos();
            } else {
                DetectedWindow window = DetectWindows.detect(definition.local(), input, Path.of(output), run.detectOptions(),
                        unit.gridRows(), ExecutorRunners.pool(), (done, total) -> { });
                WindowParts.write(part, window);
                inference = window.inferenceNanos();
            }
            TaskFaults.current().beforeRecord(unit.name(), attempt);
            List<JobFolder.Output> outputs = JobFolder.record(folder, unit.name(), input, List.of(part));
            return new UnitOutcome(unit.name(), input, "", 0, outputs, unit.pixels(), System.nanoTime() - started, inference,
                    ExecutorIdentity.id(), attempt);
        });
    }
}
