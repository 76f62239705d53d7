package org.ecdkit.inference.tiling;

/**
 * Which pixels of a tile's window are nodata: none, all, or some, one flag per pixel row-major. The
 * common cases (none, all) hold no array, so a scene of empty tiles costs nothing per tile.
 */
public final class PixelMask {

    /** No pixel is nodata. */
    public static final PixelMask NONE = new PixelMask(null, 0, false);
    /** Every pixel is nodata. */
    public static final PixelMask ALL = new PixelMask(null, 0, true);

    private final boolean[] masked;
    private final int width;
    private final boolean all;

    private PixelMask(boolean[] masked, int width, boolean all) {
        this.masked = masked;
        this.width = width;
        this.all = all;
    }

    /**
     * A mask over a window {@code width} pixels wide; takes {@code masked} over (the caller must not
     * change it afterwards), and collapses to {@link #NONE} or {@link #ALL} where it can.
     */
    static PixelMask of(boolean[] masked, int width) {
        boolean any = false;
        boolean every = true;
        for (boolean m : masked) {
            any |= m;
            every &= m;
        }
        return !any ? NONE : every ? ALL : new PixelMask(masked, width, false);
    }

    /** Whether the pixel at (column, row) of the window is nodata. */
    public boolean isMasked(int column, int row) {
        return all || masked != null && masked[row * width + column];
    }

    public boolean all() {
        return all;
    }

    public boolean none() {
        return !all && masked == null;
    }
}
