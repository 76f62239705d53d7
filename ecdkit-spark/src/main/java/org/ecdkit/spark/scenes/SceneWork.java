package org.ecdkit.spark.scenes;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.detect.DetectListener;
import org.ecdkit.detect.DetectObjects;
import org.ecdkit.detect.DetectionSummary;
import org.ecdkit.spark.executor.ExecutorIdentity;
import org.ecdkit.spark.executor.ExecutorRunners;
import org.ecdkit.spark.executor.TaskFaults;
import org.ecdkit.spark.job.JobFolder;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.ShippedDefinition;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.job.UnitTask;

/**
 * One scene on an executor: exactly what {@code ecdkit classify} (or {@code detect}) does on one
 * machine, through the same library call, into the job's folder (written under a temporary name and
 * moved into place, so a task killed mid-write leaves nothing a re-run would trust), then recorded
 * complete with its outputs' digests. The model's session comes from the executor's pool.
 *
 * @param definition  the definition, where executors find it
 * @param folder      the job's output folder (storage every executor writes to)
 * @param settings    the job's options
 * @param slots       task slots per executor, among which its cores are shared
 * @param maxAttempts attempts Spark gives a task
 */
public record SceneWork(ShippedDefinition definition, String folder, JobSettings settings, int slots, int maxAttempts)
        implements Function<Scene, UnitOutcome> {

    private static final long serialVersionUID = 1L;

    /** The names of a scene's outputs in the job's folder. */
    public static List<String> outputNames(Scene scene, JobSettings settings) {
        if (settings.detect()) {
            return List.of(scene.name() + "." + settings.detectOptions().format().extension());
        }
        return List.of(scene.name() + ".tif", scene.name() + ".tif.aux.xml");
    }

    @Override
    public UnitOutcome call(Scene scene) throws Exception {
        return new UnitTask(maxAttempts).run(scene.name(), scene.location(), attempt -> {
            TaskFaults.current().beforeUnit(scene.name(), attempt);
            long started = System.nanoTime();
            Path ecd = definition.local();
            Path out = Path.of(folder);
            JobSettings run = settings.threads() > 0 ? settings
                    : settings.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / slots));
            List<Path> files;
            long pixels;
            long inference;
            if (settings.detect()) {
                DetectionSummary done = DetectObjects.run(ecd, scene.location(), out.resolve(outputNames(scene, settings).get(0)),
                        run.detectOptions(), DetectListener.SILENT, ExecutorRunners.pool());
                files = List.of(done.output());
                pixels = done.pixels();
                inference = done.times().inferenceNanos();
            } else {
                ClassificationSummary done = ClassifyRaster.run(ecd, scene.location(), out.resolve(outputNames(scene, settings)
                        .get(0)), run.classify(), ClassifyListener.SILENT, ExecutorRunners.pool());
                files = List.of(done.output(), done.attributeTable());
                pixels = done.pixels();
                inference = done.times().inferenceNanos();
            }
            TaskFaults.current().beforeRecord(scene.name(), attempt);
            List<JobFolder.Output> outputs = JobFolder.record(out, scene.name(), scene.location(), files);
            return new UnitOutcome(scene.name(), scene.location(), "", 0, outputs, pixels, System.nanoTime() - started, inference,
                    ExecutorIdentity.id(), attempt);
        });
    }
}
