package org.ecdkit.detect;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.union.CascadedPolygonUnion;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * An instance mask turned into polygons along pixel edges: every pixel whose probability is at least
 * the threshold (0.5, as torchvision's own visualisation and Detectron's paste do) belongs to the
 * object. Runs of such pixels in a row become rectangles, and their union is the outline: exact
 * pixel edges, holes kept, parts that touch only at a corner kept apart as JTS unions them. Only
 * the pixels inside a window are read, so an object is outlined within the part of the tile that
 * the tile is trusted for.
 */
final class MaskOutline {

    static final double THRESHOLD = 0.5;
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private MaskOutline() {
    }

    /**
     * The outline of the mask at {@code offset} in {@code values} (rows of {@code maskWidth}), within
     * columns {@code [0, width)} and rows {@code [0, height)}, in the mask's pixel coordinates (x right,
     * y down, pixel edges); empty when no pixel reaches the threshold.
     */
    static Geometry of(float[] values, int offset, int maskWidth, int width, int height) {
        return of(values, offset, maskWidth, width, height, 0);
    }

    /**
     * The same, simplified when {@code tolerance} (pixels) is above 0: Douglas-Peucker, keeping the
     * topology (no part collapses, no hole escapes its shell), so staircase edges become straight ones.
     */
    static Geometry of(float[] values, int offset, int maskWidth, int width, int height, double tolerance) {
        Geometry exact = exact(values, offset, maskWidth, width, height);
        return tolerance > 0 && !exact.isEmpty() ? TopologyPreservingSimplifier.simplify(exact, tolerance) : exact;
    }

    private static Geometry exact(float[] values, int offset, int maskWidth, int width, int height) {
        List<Geometry> runs = new ArrayList<>();
        for (int y = 0; y < height; y++) {
            int base = offset + y * maskWidth;
            int x = 0;
            while (x < width) {
                if (!(values[base + x] >= THRESHOLD)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && values[base + x] >= THRESHOLD) {
                    x++;
                }
                runs.add(rectangle(start, y, x, y + 1));
            }
        }
        if (runs.isEmpty()) {
            return GEOMETRY.createPolygon();
        }
        // The union leaves the corners of the runs it merged along straight edges: a zero tolerance drops them.
        return DouglasPeuckerSimplifier.simplify(CascadedPolygonUnion.union(runs), 0);
    }

    /**
     * A pixel-space rectangle, from its bottom-left corner (x1, y2), so that a box's ring on a north-up
     * map starts at its south-west corner, as ecdkit has always written boxes.
     */
    static Polygon rectangle(double x1, double y1, double x2, double y2) {
        return GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(x1, y2), new Coordinate(x2, y2),
                new Coordinate(x2, y1), new Coordinate(x1, y1), new Coordinate(x1, y2)});
    }
}
