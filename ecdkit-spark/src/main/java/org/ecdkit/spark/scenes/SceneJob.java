package org.ecdkit.spark.scenes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.inference.RunnableDefinition;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.spark.ClusterSession;
import org.ecdkit.spark.job.JobFolder;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.job.ShippedDefinition;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.job.UnitRun;
import org.ecdkit.spark.progress.JobProgress;

/**
 * Many scenes on a cluster, one task per scene, each output the file one machine's classify (or
 * detect) writes for that scene. The driver checks the definition and the output folder, skips what an
 * earlier run completed (with {@code --resume}), plans, runs, then writes the manifest and, for a
 * detection job in GeoJSON, one file of every scene's features ({@value MergedFeatures#FILE}).
 */
public final class SceneJob {

    private SceneJob() {
    }

    /**
     * Runs {@code settings}' command over {@code scenes} into {@code folder}.
     *
     * @param ship whether to ship the definition and model with the job (a cluster without shared storage)
     */
    public static JobSummary run(ClusterSession session, Path definition, List<Scene> scenes, Path folder, JobSettings settings,
            boolean resume, boolean ship, JobProgress progress) {
        long planStart = System.nanoTime();
        RunnableDefinition runnable = RunnableDefinition.open(definition, settings.allowChangedModel(),
                finding -> progress.noted(finding.message()));
        if (!settings.detect() && !runnable.reference().outputKind().isPixelwise()) {
            throw new UnsupportedInputException(Place.in(definition, "OutputKind"), "the model's output is "
                    + runnable.reference().outputKind().description() + ", not a per-pixel classification; use detect");
        }
        if (settings.detect() && scenes.stream().anyMatch(s -> s.name().equalsIgnoreCase(MergedFeatures.NAME))) {
            throw new UsageException("a scene is named " + MergedFeatures.NAME + ", the name of the merged features file; "
                    + "rename it");
        }
        JobFolder jobFolder = JobFolder.open(folder, new JobFolder.JobIdentity(definition.toAbsolutePath().toString(),
                Sha256.ofFile(definition), settings.fingerprint()), resume);
        Map<String, List<JobFolder.Output>> done = new LinkedHashMap<>();
        List<Scene> todo = new ArrayList<>();
        for (Scene scene : scenes) {
            Optional<List<JobFolder.Output>> complete = resume ? jobFolder.complete(scene.name()) : Optional.empty();
            complete.ifPresentOrElse(outputs -> done.put(scene.name(), outputs), () -> todo.add(scene));
        }
        progress.planned(plan(session, settings, scenes.size(), todo, folder));
        ShippedDefinition shipped = ShippedDefinition.of(session.spark().sparkContext(), runnable, ship);
        long planNanos = System.nanoTime() - planStart;

        UnitRun run = UnitRun.of(session, "ecdkit " + (settings.detect() ? "detect" : "classify") + ": " + todo.size()
                + " scenes", todo, new SceneWork(shipped, folder.toAbsolutePath().toString(), settings, session.slots(),
                        session.maxAttempts()), progress);
        List<UnitOutcome> outcomes = run.outcomes();

        long finishStart = System.nanoTime();
        Map<String, String> failed = new LinkedHashMap<>();
        for (UnitOutcome outcome : outcomes) {
            if (outcome.succeeded()) {
                done.put(outcome.name(), outcome.outputs());
            } else {
                failed.put(outcome.name(), outcome.failure());
            }
        }
        jobFolder.writeManifest(ordered(scenes, done), failed);
        if (settings.detect() && settings.format().equals("geojson")) {
            List<Path> files = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Scene scene : scenes) {
                if (done.containsKey(scene.name())) {
                    names.add(scene.name());
                    files.add(folder.resolve(SceneWork.outputNames(scene, settings).get(0)));
                }
            }
            if (!files.isEmpty()) {
                MergedFeatures.write(folder.resolve(MergedFeatures.FILE), names, files).ifPresent(progress::noted);
            }
        }
        return new JobSummary(JobSummary.Shape.SCENES, outcomes, scenes.size() - todo.size(), run.retried(), session.startupNanos(), planNanos,
                run.nanos(), System.nanoTime() - finishStart, folder.toString());
    }

    private static Map<String, List<JobFolder.Output>> ordered(List<Scene> scenes, Map<String, List<JobFolder.Output>> done) {
        Map<String, List<JobFolder.Output>> ordered = new LinkedHashMap<>();
        for (Scene scene : scenes) {
            if (done.containsKey(scene.name())) {
                ordered.put(scene.name(), done.get(scene.name()));
            }
        }
        return ordered;
    }

    private static String plan(ClusterSession session, JobSettings settings, int all, List<Scene> todo, Path folder) {
        long pixels = 0;
        int unknown = 0;
        for (Scene scene : todo) {
            if (RasterSources.isRemote(scene.location()) || !Files.isRegularFile(Path.of(scene.location()))) {
                unknown++;
                continue;
            }
            try (RasterSource source = RasterSources.open(scene.location())) {
                pixels += (long) source.width() * source.height();
            } catch (RuntimeException e) {
                unknown++; // its task reports it
            }
        }
        return String.format(Locale.ROOT, "%s %d of %d scenes (%d complete from an earlier run) into %s, one task each, on %s; "
                + "about %.1f Mpixel%s", settings.detect() ? "detect in" : "classify", todo.size(), all, all - todo.size(), folder,
                session.describe(), pixels / 1e6, unknown > 0 ? " (" + unknown + " scenes not counted: remote or unreadable)" : "");
    }
}
