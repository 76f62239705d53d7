package org.ecdkit.raster.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Decoded blocks, least recently used first out, within a budget of bytes. Windows overlap
 * (tile padding) and neighbouring windows share blocks, so a block is decoded once while it is
 * needed; memory is bounded by the budget, not the image.
 */
public final class BlockCache {

    private final long budget;
    private long used;
    private final LinkedHashMap<Integer, byte[]> blocks = new LinkedHashMap<>(64, 0.75f, true);

    public BlockCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** The budget in bytes (a single block larger than it is still kept while it is the newest). */
    public long capacity() {
        return budget;
    }

    /** The block {@code index}, decoded by {@code decoder} when not cached. */
    public byte[] get(int index, IntFunction<byte[]> decoder) {
        synchronized (this) {
            byte[] cached = blocks.get(index);
            if (cached != null) {
                return cached;
            }
        }
        // Decoded outside the lock, so threads reading different blocks do not wait for each other.
        byte[] decoded = decoder.apply(index);
        synchronized (this) {
            byte[] raced = blocks.get(index);
            if (raced != null) {
                return raced;
            }
            blocks.put(index, decoded);
            used += decoded.length;
            var eldest = blocks.entrySet().iterator();
            while (used > budget && blocks.size() > 1 && eldest.hasNext()) {
                Map.Entry<Integer, byte[]> entry = eldest.next();
                if (entry.getKey() == index) {
                    continue;
                }
                used -= entry.getValue().length;
                eldest.remove();
            }
            return decoded;
        }
    }
}
