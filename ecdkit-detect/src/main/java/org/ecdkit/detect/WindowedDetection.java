package org.ecdkit.detect;

import java.util.List;

/**
 * A detection planned as windows of its tile grid.
 *
 * @param plan    the plan, as one machine's run would show it
 * @param pinned  the options with the tile, padding and batch decided, so every task cuts the same grid
 * @param windows the windows, top to bottom, covering the grid once
 */
public record WindowedDetection(DetectionPlan plan, DetectOptions pinned, List<TileRows> windows) {

    public WindowedDetection {
        windows = List.copyOf(windows);
    }
}
