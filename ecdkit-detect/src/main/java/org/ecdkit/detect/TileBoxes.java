package org.ecdkit.detect;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.raster.Window;

/**
 * Decides which of a tile's detections to keep, and moves them into image coordinates. Tiles
 * overlap, so an object cut by a tile's edge is seen whole by a neighbour: a box touching (or
 * reaching past) an edge of the tile that is not an edge of the image is dropped in the neighbour's
 * favour. A box reaching past an image edge is clipped to the image. An object at most as large as
 * the overlap is seen whole by at least one tile; larger ones may be cut in every tile.
 */
final class TileBoxes {

    /** How close to a tile edge (in pixels) a box counts as touching it. */
    static final double EDGE_TOLERANCE = 0.5;

    private TileBoxes() {
    }

    static List<Detection> keep(List<Detection> detections, Window window, int imageWidth, int imageHeight, double threshold) {
        boolean leftImage = window.x() == 0;
        boolean topImage = window.y() == 0;
        boolean rightImage = window.x() + window.width() >= imageWidth;
        boolean bottomImage = window.y() + window.height() >= imageHeight;
        List<Detection> kept = new ArrayList<>();
        for (Detection d : detections) {
            if (d.score() < threshold || d.x2() <= d.x1() || d.y2() <= d.y1()) {
                continue;
            }
            // Boxes entirely in the mirrored margin of a tile larger than the image are not objects.
            if (d.x1() >= window.width() || d.y1() >= window.height() || d.x2() <= 0 || d.y2() <= 0) {
                continue;
            }
            boolean cut = !leftImage && d.x1() <= EDGE_TOLERANCE
                    || !topImage && d.y1() <= EDGE_TOLERANCE
                    || !rightImage && d.x2() >= window.width() - EDGE_TOLERANCE
                    || !bottomImage && d.y2() >= window.height() - EDGE_TOLERANCE;
            if (cut) {
                continue;
            }
            kept.add(d.clipped(window.width(), window.height()).translated(window.x(), window.y()));
        }
        return kept;
    }
}
