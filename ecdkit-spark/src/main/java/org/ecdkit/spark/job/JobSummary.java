package org.ecdkit.spark.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a distributed job went: each unit's outcome, what a resume skipped, where the time went, and
 * per executor how fast it worked.
 *
 * @param shape        many scenes, or one raster's windows
 * @param outcomes     the units run now, in their order
 * @param skipped      units an earlier run had completed (their outputs checked against the manifest)
 * @param retried      task attempts that failed and were run again
 * @param startupNanos Spark's start-up
 * @param planNanos    planning on the driver (reading headers, the definition, the manifest)
 * @param tasksNanos   the tasks, first start to last end
 * @param finishNanos  the driver's last step (assembling one raster, merging features, the manifest)
 * @param output       where the outputs are
 */
public record JobSummary(Shape shape, List<UnitOutcome> outcomes, int skipped, int retried, long startupNanos,
        long planNanos, long tasksNanos, long finishNanos, String output) {

    /** The two shapes of work: what a unit is, and what failures mean for the outputs. */
    public enum Shape {
        /** One output per scene: the others stand when one fails. */
        SCENES("scenes"),
        /** One output from all windows: none is written while one fails. */
        WINDOWS("windows");

        private final String units;

        Shape(String units) {
            this.units = units;
        }

        /** The units, in words ("scenes"). */
        public String units() {
            return units;
        }
    }

    public JobSummary {
        outcomes = List.copyOf(outcomes);
    }

    public List<UnitOutcome> failures() {
        return outcomes.stream().filter(o -> !o.succeeded()).toList();
    }

    public long pixels() {
        return outcomes.stream().mapToLong(UnitOutcome::pixels).sum();
    }

    /** Million pixels per second of the tasks' wall time (what the cluster did while working). */
    public double megapixelsPerSecond() {
        return tasksNanos == 0 ? 0 : pixels() / 1e6 / (tasksNanos / 1e9);
    }

    /** Per executor: units, pixels, the time its tasks took and the part of it in the model. */
    public record ExecutorFigures(String executor, int units, long pixels, long wallNanos, long inferenceNanos) {

        /** Million pixels per second of its tasks' own time (summed over its task slots). */
        public double megapixelsPerSecond() {
            return wallNanos == 0 ? 0 : pixels / 1e6 / (wallNanos / 1e9);
        }
    }

    public List<ExecutorFigures> executors() {
        Map<String, long[]> by = new TreeMap<>();
        for (UnitOutcome o : outcomes) {
            long[] f = by.computeIfAbsent(o.executor(), e -> new long[4]);
            f[0]++;
            f[1] += o.pixels();
            f[2] += o.wallNanos();
            f[3] += o.inferenceNanos();
        }
        List<ExecutorFigures> figures = new ArrayList<>();
        by.forEach((e, f) -> figures.add(new ExecutorFigures(e, (int) f[0], f[1], f[2], f[3])));
        return figures;
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        int done = outcomes.size() - failures().size();
        text.append(String.format(Locale.ROOT, "%d %s done, %d failed, %d skipped (complete from an earlier run)%s%n",
                done, shape.units(), failures().size(), skipped, retried > 0 ? ", " + retried + " task attempts retried" : ""));
        for (UnitOutcome failure : failures()) {
            text.append("  failed: ").append(failure.name()).append(" (").append(failure.source()).append("): ")
                    .append(failure.failure()).append('\n');
        }
        text.append(String.format(Locale.ROOT, "%.1f Mpixel in %.2f s of tasks: %.2f Mpixel/s; time: Spark start-up %.2f s, "
                + "plan %.2f s, tasks %.2f s, finish %.2f s%n", pixels() / 1e6, tasksNanos / 1e9, megapixelsPerSecond(),
                startupNanos / 1e9, planNanos / 1e9, tasksNanos / 1e9, finishNanos / 1e9));
        for (ExecutorFigures e : executors()) {
            text.append(String.format(Locale.ROOT, "  executor %s: %d %s, %.1f Mpixel, %.2f Mpixel/s per task slot, "
                    + "%.0f %% of its time in the model%n", e.executor(), e.units(), shape.units(), e.pixels() / 1e6,
                    e.megapixelsPerSecond(), e.wallNanos() == 0 ? 0 : 100.0 * e.inferenceNanos() / e.wallNanos()));
        }
        text.append("outputs: ").append(output).append('\n');
        return text.toString();
    }
}
