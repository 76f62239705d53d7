package org.ecdkit.core.json;

/**
 * Bounds on what a JSON file may make ecdkit allocate. Untrusted files are read with limits so
 * a hostile or broken file ends in an error, never in an out-of-memory.
 *
 * @param maxBytes        the largest file accepted
 * @param maxDepth        the deepest nesting of arrays and objects
 * @param maxStringLength the longest string value or key, in characters
 * @param maxNumberLength the longest number literal, in characters
 * @param maxValues       the most values in the whole document
 */
public record JsonLimits(long maxBytes, int maxDepth, int maxStringLength, int maxNumberLength, int maxValues) {

    /** Generous for class-info files, definitions and model descriptions (10 000 classes fit easily). */
    public static final JsonLimits DEFAULT = new JsonLimits(16L << 20, 64, 1 << 20, 100, 2_000_000);

    public JsonLimits withMaxBytes(long bytes) {
        return new JsonLimits(bytes, maxDepth, maxStringLength, maxNumberLength, maxValues);
    }
}
