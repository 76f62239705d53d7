package org.ecdkit.classify;

import java.util.List;

/**
 * A classification planned as windows: what each window's task runs with, and the plan to show.
 *
 * @param plan    the plan, as one machine's run would show it
 * @param pinned  the options with the tile, padding and batch the plan decided written in, so every
 *                task cuts the image into the same grid whatever its JVM's memory or defaults
 * @param windows the windows, top to bottom, covering the image once
 */
public record WindowedClassification(ClassificationPlan plan, ClassifyOptions pinned, List<OutputWindow> windows) {

    public WindowedClassification {
        windows = List.copyOf(windows);
    }
}
