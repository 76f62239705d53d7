package org.ecdkit.detect;

import org.ecdkit.raster.GeoReference;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * Where a detection lies on the map: its outline (a mask's polygons) or else its box, each corner
 * moved from pixel edges to map coordinates by the raster's geotransform (pixels stay pixels on an
 * image without one). An affine map keeps straight edges straight, so moving the corners moves the
 * polygon.
 */
final class MapFootprint {

    private MapFootprint() {
    }

    static Geometry of(GeoReference where, Detection d) {
        Geometry pixels = d.outline().orElseGet(() -> MaskOutline.rectangle(d.x1(), d.y1(), d.x2(), d.y2()));
        pixels.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence points, int i) {
                double[] map = where.toMap(points.getX(i), points.getY(i)).orElse(null);
                if (map != null) {
                    points.setOrdinate(i, CoordinateSequence.X, map[0]);
                    points.setOrdinate(i, CoordinateSequence.Y, map[1]);
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return pixels;
    }
}
