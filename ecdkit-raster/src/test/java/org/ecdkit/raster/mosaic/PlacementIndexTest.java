package org.ecdkit.raster.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.ecdkit.raster.Window;
import org.junit.jupiter.api.Test;

/** The index finds exactly the members a window overlaps, in drawing order: checked against looking at every member. */
class PlacementIndexTest {

    @Test
    void theIndexFindsWhatLookingAtEveryMemberFinds() {
        Random random = new Random(11);
        int width = 5000;
        int height = 3000;
        List<PlacedSource> placed = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            int w = 1 + random.nextInt(i % 10 == 0 ? 2000 : 300);
            int h = 1 + random.nextInt(i % 10 == 0 ? 1500 : 300);
            Window to = new Window(random.nextInt(width - w + 1), random.nextInt(height - h + 1), w, h);
            placed.add(new PlacedSource(Path.of("tile" + i + ".tif"), 0, new Window(0, 0, w, h), to, OptionalDouble.empty()));
        }
        PlacementIndex index = new PlacementIndex(placed, width, height);
        for (int k = 0; k < 500; k++) {
            int w = 1 + random.nextInt(700);
            int h = 1 + random.nextInt(700);
            Window window = new Window(random.nextInt(width - w + 1), random.nextInt(height - h + 1), w, h);
            List<PlacedSource> expected = placed.stream().filter(p -> !p.to().intersect(window).isEmpty()).toList();
            assertEquals(expected, index.overlapping(window), window.toString());
        }
    }
}
