package org.ecdkit.detect;

import java.util.List;

/**
 * What one window of a detection's tile grid found: the boxes its tiles kept (each seen whole by its
 * tile, before suppression across tiles), in the grid's order, and the window's figures.
 *
 * @param index          the window's place from the top
 * @param kept           the boxes kept, in image pixels
 * @param cutAtEdges     boxes above the threshold that a tile edge cut
 * @param inferenceNanos time in the model
 * @param wallNanos      time the window took
 * @param batches        model calls
 */
public record DetectedWindow(int index, List<Detection> kept, long cutAtEdges, long inferenceNanos, long wallNanos,
        int batches) {

    public DetectedWindow {
        kept = List.copyOf(kept);
    }
}
