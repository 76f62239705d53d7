package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ecdkit.raster.Window;
import org.junit.jupiter.api.Test;

class TileBoxesTest {

    /** A 64-pixel tile at (100, 50) inside a 1000 x 1000 image: no edge of it is the image's. */
    private static final Window INNER = new Window(100, 50, 64, 64);

    @Test
    void boxesInsideATileMoveToImageCoordinates() {
        List<Detection> kept = TileBoxes.keep(List.of(new Detection(10, 20, 30, 40, 1, 0.9)), INNER, 1000, 1000, 0.5);
        assertEquals(List.of(new Detection(110, 70, 130, 90, 1, 0.9)), kept);
    }

    @Test
    void boxesTouchingAnInnerEdgeAreLeftToTheNeighbour() {
        List<Detection> touching = List.of(
                new Detection(0, 20, 10, 30, 0, 0.9),
                new Detection(55, 20, 64, 30, 0, 0.9),
                new Detection(20, 0.3, 30, 10, 0, 0.9),
                new Detection(20, 60, 30, 70, 0, 0.9));
        assertEquals(List.of(), TileBoxes.keep(touching, INNER, 1000, 1000, 0.5));
    }

    @Test
    void boxesAtAnImageEdgeAreKeptAndClipped() {
        Window corner = new Window(936, 0, 64, 64);
        List<Detection> kept = TileBoxes.keep(List.of(new Detection(58, -2, 70, 8, 0, 0.9)), corner, 1000, 1000, 0.5);
        assertEquals(List.of(new Detection(994, 0, 1000, 8, 0, 0.9)), kept);
    }

    @Test
    void weakAndEmptyBoxesAndBoxesInAMirroredMarginAreNotObjects() {
        Window small = new Window(0, 0, 40, 40);
        List<Detection> boxes = List.of(
                new Detection(5, 5, 10, 10, 0, 0.49),
                new Detection(5, 5, 5, 10, 0, 0.9),
                new Detection(45, 5, 50, 10, 0, 0.9));
        assertEquals(List.of(), TileBoxes.keep(boxes, small, 40, 40, 0.5));
    }
}
