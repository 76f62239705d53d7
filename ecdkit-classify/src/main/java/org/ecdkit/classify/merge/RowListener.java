package org.ecdkit.classify.merge;

/** Receives each output row once it is final, top to bottom: class indexes, -1 for nodata. */
@FunctionalInterface
public interface RowListener {

    /** Hears nothing: rows need not even be copied for it. */
    RowListener NONE = (y, classIndexes, width) -> { };

    void row(int y, int[] classIndexes, int width);
}
