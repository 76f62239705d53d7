package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class MaskOutlineTest {

    /** A 3 x 3 ring of pixels around a hole, a lone pixel apart, on a 7 x 5 plane; '#' is 0.9, '+' exactly 0.5, '-' 0.49. */
    private static final String[] MASK = {
        "#+#-...",
        "#.#....",
        "###..#.",
        ".......",
        "......#"};

    private static float[] plane(String[] rows) {
        float[] values = new float[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length(); x++) {
                char c = rows[y].charAt(x);
                values[y * rows[0].length() + x] = c == '#' ? 0.9f : c == '+' ? 0.5f : c == '-' ? 0.49f : Float.NaN;
            }
        }
        return values;
    }

    @Test
    void pixelsAtOrAboveOneHalfBecomePolygonsAlongPixelEdgesWithTheirHoles() {
        Geometry outline = MaskOutline.of(plane(MASK), 0, 7, 7, 4); // the last row lies outside the window
        assertEquals(2, outline.getNumGeometries(), outline.toText());
        assertEquals(9, outline.getArea(), 1e-12, "8 ring pixels (0.5 counts, 0.49 and NaN do not) and the lone one");
        Polygon ring = (Polygon) (outline.getGeometryN(0).getArea() > 1 ? outline.getGeometryN(0) : outline.getGeometryN(1));
        assertEquals(1, ring.getNumInteriorRing(), "the hole is kept");
        assertEquals(5, ring.getExteriorRing().getNumPoints(), "a square: the runs' corners along straight edges are gone");
        assertTrue(ring.getInteriorRingN(0).getEnvelopeInternal().covers(1.5, 1.5));
        assertTrue(MaskOutline.of(plane(MASK), 0, 7, 3, 3).getArea() == 8, "columns and rows beyond the window are not read");
        assertTrue(MaskOutline.of(new float[] {0.1f, 0.2f}, 0, 2, 2, 1).isEmpty());
    }

    @Test
    void aSimplifiedOutlineStraightensStairsWithinItsTolerance() {
        int side = 40;
        float[] triangle = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x <= y; x++) {
                triangle[y * side + x] = 0.8f;
            }
        }
        Geometry exact = MaskOutline.of(triangle, 0, side, side, side);
        Geometry simple = MaskOutline.of(triangle, 0, side, side, side, 1.0);
        assertEquals(2 * side + 2, exact.getNumPoints() - 1, "a staircase: two corners per step, then the two sides");
        assertTrue(simple.getNumPoints() <= 5, "a triangle: " + simple.toText());
        assertTrue(simple.isValid());
        assertTrue(exact.getBoundary().buffer(1.0 + 1e-9).covers(simple.getBoundary()), "within the tolerance of the pixel edges");
    }
}
