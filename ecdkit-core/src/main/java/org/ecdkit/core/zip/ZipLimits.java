package org.ecdkit.core.zip;

/**
 * What a zip archive may declare before ecdkit refuses to read it: archives come from strangers
 * (model packages, Keras archives, TorchScript files), and a central directory is free to claim
 * millions of entries or exabytes of content.
 *
 * @param maxEntries   entries in the central directory
 * @param maxEntrySize uncompressed bytes of any one entry
 * @param maxTotalSize uncompressed bytes of all entries together
 * @param maxRatio     how many times larger than its compressed data a large entry may declare itself
 *                     (a bomb of zeros deflates about 1,000 times; model weights hardly compress)
 */
public record ZipLimits(int maxEntries, long maxEntrySize, long maxTotalSize, long maxRatio) {

    /** Entries smaller than this are not held to {@link #maxRatio}: text and small files compress well. */
    public static final long RATIO_FLOOR = 16L << 20;

    /** Generous for model packages: a SavedModel of many shards, weights of tens of GiB, at most 100:1. */
    public static final ZipLimits MODEL_PACKAGES = new ZipLimits(100_000, 64L << 30, 256L << 30, 100);

    public ZipLimits {
        if (maxEntries < 1 || maxEntrySize < 1 || maxTotalSize < 1 || maxRatio < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
