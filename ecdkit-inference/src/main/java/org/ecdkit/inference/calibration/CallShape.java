package org.ecdkit.inference.calibration;

/**
 * One setting a calibration tries: square tiles of {@code tile} pixels, {@code batch} of them a call.
 *
 * @param tile  the tile side
 * @param batch tiles per call
 */
public record CallShape(int tile, int batch) {

    public CallShape {
        if (tile < 1 || batch < 1) {
            throw new IllegalArgumentException("a tile of " + tile + " and a batch of " + batch);
        }
    }

    /** Pixels the model computes per call. */
    public long pixels() {
        return (long) batch * tile * tile;
    }

    /** "512 x 2", as stored and printed. */
    @Override
    public String toString() {
        return tile + "x" + batch;
    }

    /** The shape {@link #toString} wrote, or null where {@code text} is not one. */
    static CallShape parse(String text) {
        int x = text.indexOf('x');
        if (x < 1 || x > 5 || text.length() - x > 6) {
            return null;
        }
        try {
            int tile = Integer.parseInt(text.substring(0, x));
            int batch = Integer.parseInt(text.substring(x + 1));
            return tile >= 1 && batch >= 1 ? new CallShape(tile, batch) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
