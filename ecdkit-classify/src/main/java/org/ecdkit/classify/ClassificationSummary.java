package org.ecdkit.classify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecdkit.classify.report.ClassCount;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.pipeline.StageTimes;

/**
 * What a classification produced and what it cost: pixels per class, and the time split into
 * reading, inference and writing, so a slow run shows where it was slow.
 *
 * @param plan          the plan it followed
 * @param output        the classified GeoTIFF
 * @param attributeTable its GDAL attribute table (.aux.xml)
 * @param preview       the preview picture, if one was asked for
 * @param classes       pixels per class, in definition order
 * @param nodataPixels  pixels written as nodata
 * @param times         time per stage
 * @param findings      warnings and notes
 */
public record ClassificationSummary(ClassificationPlan plan, Path output, Path attributeTable, Optional<Path> preview,
        List<ClassCount> classes, long nodataPixels, StageTimes times, List<Finding> findings) {

    public ClassificationSummary {
        classes = List.copyOf(classes);
        findings = List.copyOf(findings);
    }

    public long pixels() {
        return classes.stream().mapToLong(ClassCount::pixels).sum() + nodataPixels;
    }

    /** Image pixels per second of wall time, in millions. */
    public double megapixelsPerSecond() {
        return pixels() / 1e6 / StageTimes.seconds(times.wallNanos());
    }

    /** A table for people: classes with their pixels, then where the time went. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        long total = pixels();
        // Names come from files: escaped, so that one holding terminal escapes or line breaks prints as text.
        int nameWidth = Math.max(5, classes.stream().mapToInt(c -> Printable.escaped(c.name()).length()).max().orElse(5));
        text.append(String.format("  %-" + nameWidth + "s  %10s  %14s  %6s%n", "class", "value", "pixels", "share"));
        for (ClassCount count : classes) {
            text.append(String.format("  %-" + nameWidth + "s  %10d  %,14d  %5.1f%%%n", Printable.escaped(count.name()), count.value(),
                    count.pixels(), 100.0 * count.pixels() / Math.max(1, total)));
        }
        if (nodataPixels > 0) {
            text.append(String.format("  %-" + nameWidth + "s  %10s  %,14d  %5.1f%%%n", "nodata",
                    plan.nodata().isPresent() ? Long.toString(plan.nodata().getAsLong()) : "-", nodataPixels,
                    100.0 * nodataPixels / Math.max(1, total)));
        }
        if (times.skippedTiles() > 0) {
            text.append(String.format("%,d of %,d tiles were entirely nodata and not sent to the model%n", times.skippedTiles(),
                    plan.tiles()));
        }
        text.append(String.format("time: %.2f s wall, %.2f Mpixel/s; inference %.2f s in %d calls, reading %.2f s, "
                        + "writing %.2f s (stages overlap); %s%n",
                StageTimes.seconds(times.wallNanos()), megapixelsPerSecond(), StageTimes.seconds(times.inferenceNanos()),
                times.batches(), StageTimes.seconds(times.readNanos()), StageTimes.seconds(times.writeNanos()),
                times.describeOverhead()));
        return text.toString();
    }
}
