package org.ecdkit.detect.output;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;

/**
 * A detection as a feature: its polygon (a box, or a mask's outline of one or more parts) in map
 * coordinates (or pixels, for an image without a geotransform), and its attributes.
 *
 * @param geometry   a Polygon or MultiPolygon; copied in and out, as JTS geometries can be changed
 * @param className  {@code Class}: the class's name
 * @param classValue {@code ClassValue}: the class's value in the definition
 * @param confidence {@code Confidence}: the detector's score
 */
public record DetectedFeature(Geometry geometry, String className, long classValue, double confidence) {

    public DetectedFeature {
        if (!(geometry instanceof Polygonal) || geometry.isEmpty()) {
            throw new IllegalArgumentException("a feature is one or more polygons, not " + geometry.getGeometryType());
        }
        geometry = geometry.copy();
    }

    @Override
    public Geometry geometry() {
        return geometry.copy();
    }

    /** Whether the feature is one polygon (written as a Polygon) rather than several (a MultiPolygon). */
    public boolean singlePart() {
        return geometry.getNumGeometries() == 1;
    }

    /**
     * Each part's rings as coordinate arrays, exterior first: exteriors counter-clockwise and holes
     * clockwise (x right, y up) as RFC 7946 asks, or the other way round as Esri JSON asks.
     */
    public List<List<double[][]>> parts(boolean exteriorCounterClockwise) {
        List<List<double[][]>> parts = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) geometry.getGeometryN(i);
            List<double[][]> rings = new ArrayList<>();
            rings.add(ring(polygon.getExteriorRing(), exteriorCounterClockwise));
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                rings.add(ring(polygon.getInteriorRingN(h), !exteriorCounterClockwise));
            }
            parts.add(rings);
        }
        return parts;
    }

    private static double[][] ring(LinearRing ring, boolean counterClockwise) {
        Coordinate[] points = ring.getCoordinates();
        boolean reverse = Orientation.isCCW(points) != counterClockwise;
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            Coordinate p = points[reverse ? points.length - 1 - i : i];
            out[i] = new double[] {p.x, p.y};
        }
        return out;
    }
}
