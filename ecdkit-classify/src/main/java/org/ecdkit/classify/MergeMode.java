package org.ecdkit.classify;

/** How overlapping tiles become one result. */
public enum MergeMode {
    /** Each pixel is decided by the tile whose core holds it; padding is context only. */
    CROP,
    /** Overlapping tiles' class scores are averaged with a smooth weight window. */
    BLEND;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
