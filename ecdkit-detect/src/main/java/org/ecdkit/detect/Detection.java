package org.ecdkit.detect;

/**
 * One detected object: its box in pixel coordinates (x to the right, y down; pixel edges, so a
 * one-pixel object at column 3 spans x 3 to 4), the index of its class in the definition, and the
 * detector's confidence.
 */
public record Detection(double x1, double y1, double x2, double y2, int classIndex, double score) {

    /** Whether the box and the score are finite numbers (a detector fed garbage may return NaN). */
    public boolean isFinite() {
        return Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2)
                && Double.isFinite(score);
    }

    public double width() {
        return Math.max(0, x2 - x1);
    }

    public double height() {
        return Math.max(0, y2 - y1);
    }

    public double area() {
        return width() * height();
    }

    /** Intersection over union: 1 for the same box, 0 for boxes that do not overlap. */
    public double iou(Detection other) {
        double w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double intersection = w * h;
        return intersection / (area() + other.area() - intersection);
    }

    public Detection translated(double dx, double dy) {
        return new Detection(x1 + dx, y1 + dy, x2 + dx, y2 + dy, classIndex, score);
    }
}
