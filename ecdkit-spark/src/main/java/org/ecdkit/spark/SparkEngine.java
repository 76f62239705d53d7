package org.ecdkit.spark;

import java.nio.file.Path;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.scenes.SceneJob;
import org.ecdkit.spark.scenes.SceneList;
import org.ecdkit.spark.windows.WindowJob;

/**
 * {@code ecdkit classify|detect --engine spark}: the same command on Apache Spark. One raster is split
 * into windows and assembled into one output ({@link WindowJob}); a folder, a glob, a list or a STAC
 * ItemCollection is a set of scenes, one output each in a folder ({@link SceneJob}). Either way every
 * output is the file one machine's command writes.
 */
public final class SparkEngine {

    private SparkEngine() {
    }

    /**
     * What the command line asks of the engine.
     *
     * @param master     the Spark master: empty for spark-submit's (or {@code local[*]}), else a master URL
     * @param definition the .ecd
     * @param input      one raster, or scenes (a folder, a glob, a list file, a STAC ItemCollection)
     * @param output     one raster's output file, or the scenes' output folder
     * @param settings   the command's options
     * @param resume     finish an earlier run's job in {@code output}, keeping what it completed
     * @param windowRows rows per window for one raster (output tiles for classify, grid rows for detect; 0 to choose)
     * @param asset      the STAC asset that is the raster
     * @param ship       ship the definition and model with the job; null to ship to a cluster and not locally
     */
    public record Request(String master, Path definition, String input, Path output, JobSettings settings, boolean resume,
            int windowRows, String asset, Boolean ship) {
    }

    /** Whether {@code input} is one raster (split into windows) rather than a set of scenes. */
    public static boolean isOneRaster(String input) {
        return SceneList.isOneRaster(input);
    }

    /** Runs {@code request} in a session started for it, stopped after. */
    public static JobSummary run(Request request, JobProgress progress) {
        boolean oneRaster = isOneRaster(request.input());
        // Scenes are listed (and every local one checked to exist) before Spark starts.
        var scenes = oneRaster ? null : SceneList.read(request.input(), request.asset());
        try (ClusterSession session = ClusterSession.start(request.master())) {
            return run(session, request, scenes, progress);
        }
    }

    /** Runs {@code request} in {@code session}, which stays open. */
    public static JobSummary run(ClusterSession session, Request request, JobProgress progress) {
        boolean oneRaster = isOneRaster(request.input());
        return run(session, request, oneRaster ? null : SceneList.read(request.input(), request.asset()), progress);
    }

    private static JobSummary run(ClusterSession session, Request request, java.util.List<org.ecdkit.spark.scenes.Scene> scenes,
            JobProgress progress) {
        boolean ship = request.ship() == null ? !session.local() : request.ship();
        if (scenes == null) {
            // Absolute: an executor's working folder is not the driver's.
            String input = org.ecdkit.raster.RasterSources.isRemote(request.input()) ? request.input()
                    : Path.of(request.input()).toAbsolutePath().normalize().toString();
            return request.settings().detect()
                    ? WindowJob.detect(session, request.definition(), input, request.output(), request.settings(),
                            request.windowRows(), request.resume(), ship, progress)
                    : WindowJob.classify(session, request.definition(), input, request.output(), request.settings(),
                            request.windowRows(), request.resume(), ship, progress);
        }
        return SceneJob.run(session, request.definition(), scenes, request.output(), request.settings(), request.resume(), ship,
                progress);
    }
}
