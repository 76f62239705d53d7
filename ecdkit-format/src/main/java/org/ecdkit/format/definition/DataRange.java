package org.ecdkit.format.definition;

/** The value range a model expects its input in; input pixels are rescaled linearly into it. */
public record DataRange(double min, double max) {

    public DataRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("a data range needs finite min < max: [" + min + ", " + max + "]");
        }
    }
}
