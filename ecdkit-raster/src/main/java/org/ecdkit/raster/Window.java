package org.ecdkit.raster;

/** A rectangle of pixels: column and row of its top-left pixel, and its size. */
public record Window(int x, int y, int width, int height) {

    public Window {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("a window has a non-negative size: " + width + " x " + height);
        }
    }

    public long pixels() {
        return (long) width * height;
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    /** The part of this window that lies inside {@code other}; may be empty. */
    public Window intersect(Window other) {
        int left = Math.max(x, other.x);
        int top = Math.max(y, other.y);
        int right = Math.min(right(), other.right());
        int bottom = Math.min(bottom(), other.bottom());
        return new Window(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    public boolean contains(Window other) {
        return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }

    @Override
    public String toString() {
        return width + " x " + height + " at (" + x + ", " + y + ")";
    }
}
