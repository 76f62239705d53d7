package org.ecdkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.spark.SparkEngine;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.progress.JobProgress;

/**
 * classify or detect with {@code --engine spark}: the request handed to ecdkit-spark, its plan, progress
 * and summary printed in ecdkit's words, and the exit code: 0 when every unit is done, 9 (partial) when
 * some scenes failed and the rest are done, a failed window's own code when one raster could not be
 * assembled.
 */
final class SparkRun {

    private SparkRun() {
    }

    static int run(String master, Path definition, String input, String output, JobSettings settings, EngineOptions engine,
            boolean quiet, PrintWriter out, PrintWriter err) {
        if (RasterSources.isRemote(output)) {
            throw new UsageException("--engine spark writes OUTPUT on a file system every executor reaches (a shared folder); "
                    + "upload it afterwards, not " + output);
        }
        requireSpark();
        JobProgress progress = new JobProgress() {
            @Override
            public void planned(String plan) {
                if (!quiet) {
                    out.println(plan.strip());
                    out.flush();
                }
            }

            @Override
            public void progress(int done, int total, int retried) {
                if (!quiet) {
                    err.println("done " + done + " of " + total + (retried > 0 ? " (" + retried + " attempts retried)" : ""));
                    err.flush();
                }
            }

            @Override
            public void noted(String note) {
                err.println("note: " + note);
                err.flush();
            }
        };
        JobSummary summary = SparkEngine.run(new SparkEngine.Request(master, definition, input, Path.of(output), settings,
                engine.resume, engine.windowRows(), engine.asset, null), progress);
        if (!quiet) {
            out.print(summary.describe());
            out.flush();
        }
        if (summary.failures().isEmpty()) {
            return ExitCode.OK.code();
        }
        for (UnitOutcome failure : summary.failures()) {
            err.println("error: " + failure.name() + ": " + failure.failure());
        }
        err.flush();
        return summary.shape() == JobSummary.Shape.SCENES ? ExitCode.PARTIAL.code() : summary.failures().get(0).exitCode();
    }

    /** Spark is not in ecdkit's own class path (it is the cluster's); the launcher adds it for --engine spark. */
    private static void requireSpark() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkRun.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageException("--engine spark needs Apache Spark on the class path: run ecdkit through ./ecdkit (which "
                    + "adds ecdkit-spark/target/spark-lib for it) or through spark-submit (docs/scale.md)");
        }
    }
}
