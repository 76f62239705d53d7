package org.ecdkit.detect;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.pipeline.StageTimes;

/**
 * What a detection found and what it cost.
 *
 * @param plan        the plan it followed
 * @param output      the features file
 * @param classes     objects per class, in definition order
 * @param cutAtEdges  boxes dropped because a tile edge cut them (a neighbour saw them whole, or nobody did)
 * @param suppressed  boxes dropped by non-maximum suppression (mostly objects seen by two tiles)
 * @param pixels      image pixels covered
 * @param times       reading, inference and decoding time
 * @param findings    warnings and notes
 */
public record DetectionSummary(DetectionPlan plan, Path output, List<ClassDetections> classes, long cutAtEdges,
        long suppressed, long pixels, StageTimes times, List<Finding> findings) {

    /** Objects of one class. */
    public record ClassDetections(String name, long value, long count) {
    }

    public DetectionSummary {
        classes = List.copyOf(classes);
        findings = List.copyOf(findings);
    }

    public long detections() {
        return classes.stream().mapToLong(ClassDetections::count).sum();
    }

    public double megapixelsPerSecond() {
        return pixels / 1e6 / StageTimes.seconds(times.wallNanos());
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        // Names come from files: escaped, so that one holding terminal escapes or line breaks prints as text.
        int nameWidth = Math.max(5, classes.stream().mapToInt(c -> Printable.escaped(c.name()).length()).max().orElse(5));
        text.append(String.format("  %-" + nameWidth + "s  %10s  %10s%n", "class", "value", "objects"));
        for (ClassDetections c : classes) {
            text.append(String.format("  %-" + nameWidth + "s  %10d  %,10d%n", Printable.escaped(c.name()), c.value(), c.count()));
        }
        text.append(String.format("%,d objects; %,d boxes cut by tile edges and %,d overlapping boxes dropped%n",
                detections(), cutAtEdges, suppressed));
        if (times.skippedTiles() > 0) {
            text.append(String.format("%,d of %,d tiles were entirely nodata and not sent to the model%n", times.skippedTiles(),
                    plan.tiles()));
        }
        text.append(String.format("time: %.2f s wall, %.2f Mpixel/s; inference %.2f s in %d calls, reading %.2f s, "
                        + "decoding and writing %.2f s; %s%n",
                StageTimes.seconds(times.wallNanos()), megapixelsPerSecond(), StageTimes.seconds(times.inferenceNanos()),
                times.batches(), StageTimes.seconds(times.readNanos()), StageTimes.seconds(times.writeNanos()),
                times.describeOverhead()));
        return text.toString();
    }
}
