package org.ecdkit.inference;

/**
 * How many tiles a run has and how many model calls they make, as plans state it before any
 * reading: tiles known empty from the file's directory are counted out; others found empty as
 * they are read make fewer calls than planned.
 *
 * @param tiles      tiles in the grid
 * @param knownEmpty tiles known to be entirely nodata without reading (-1: the input has no nodata)
 * @param batch      tiles per call
 */
public record TileCount(int tiles, int knownEmpty, int batch) {

    /** The most run calls the model will get. */
    public int calls() {
        int sent = tiles - Math.max(0, knownEmpty);
        return (sent + batch - 1) / batch;
    }

    /** "324 tiles; tiles found entirely nodata are not sent to the model; batches of 4 (at most 81 calls)". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(tiles).append(tiles == 1 ? " tile" : " tiles");
        if (knownEmpty > 0) {
            text.append(", of which ").append(knownEmpty).append(knownEmpty == 1 ? " is" : " are")
                    .append(" not stored in the file (entirely nodata) and skipped");
        }
        if (knownEmpty >= 0) {
            text.append("; tiles found entirely nodata are not sent to the model");
        }
        text.append("; batches of ").append(batch);
        if (calls() == 0) {
            text.append(" (no model call: every tile is known empty)");
        } else {
            text.append(" (").append(knownEmpty >= 0 ? "at most " : "").append(calls()).append(calls() == 1 ? " call" : " calls")
                    .append(")");
        }
        return text.toString();
    }
}
