package org.ecdkit.detect;

import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * One detected object: its box in pixel coordinates (x to the right, y down; pixel edges, so a
 * one-pixel object at column 3 spans x 3 to 4), the index of its class in the definition, the
 * detector's confidence, and for an instance-segmentation model its outline (a polygon or several,
 * in the same pixel coordinates as the box).
 */
public record Detection(double x1, double y1, double x2, double y2, int classIndex, double score, Optional<Geometry> outline) {

    public Detection {
        outline = outline.map(Geometry::copy);
    }

    /** A box without an outline. */
    public Detection(double x1, double y1, double x2, double y2, int classIndex, double score) {
        this(x1, y1, x2, y2, classIndex, score, Optional.empty());
    }

    /** The outline, in a new geometry (JTS geometries can be changed in place). */
    @Override
    public Optional<Geometry> outline() {
        return outline.map(Geometry::copy);
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
        AffineTransformation move = AffineTransformation.translationInstance(dx, dy);
        return new Detection(x1 + dx, y1 + dy, x2 + dx, y2 + dy, classIndex, score, outline.map(move::transform));
    }

    /** The same detection with its box clipped to {@code [0, width] x [0, height]}. */
    Detection clipped(double width, double height) {
        return new Detection(Math.max(0, x1), Math.max(0, y1), Math.min(width, x2), Math.min(height, y2), classIndex, score,
                outline);
    }
}
