package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonMaximumSuppressionTest {

    @Test
    void theStrongestOfOverlappingBoxesOfAClassIsKept() {
        List<Detection> boxes = List.of(
                new Detection(0, 0, 10, 10, 0, 0.9),
                new Detection(1, 1, 11, 11, 0, 0.8),
                new Detection(1, 1, 11, 11, 1, 0.7),
                new Detection(30, 30, 40, 40, 0, 0.6));
        List<Detection> kept = NonMaximumSuppression.apply(new ArrayList<>(boxes), 0.5);
        assertEquals(List.of(boxes.get(0), boxes.get(2), boxes.get(3)), kept);
    }

    /** The grid index keeps exactly what comparing every pair keeps. */
    @Test
    void theGridIndexAgreesWithComparingEveryPair() {
        Random random = new Random(9);
        List<Detection> boxes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double x = random.nextDouble() * 500;
            double y = random.nextDouble() * 500;
            double size = 5 + random.nextDouble() * (i % 50 == 0 ? 200 : 20);
            boxes.add(new Detection(x, y, x + size, y + size * (0.5 + random.nextDouble()), random.nextInt(3), random.nextDouble()));
        }
        List<Detection> expected = new ArrayList<>();
        List<Detection> sorted = new ArrayList<>(boxes);
        sorted.sort(NonMaximumSuppression.STRONGEST_FIRST);
        for (Detection candidate : sorted) {
            if (expected.stream().noneMatch(k -> k.classIndex() == candidate.classIndex() && candidate.iou(k) > 0.3)) {
                expected.add(candidate);
            }
        }
        expected.sort(NonMaximumSuppression.STRONGEST_FIRST);
        assertEquals(expected, NonMaximumSuppression.apply(new ArrayList<>(boxes), 0.3));
    }
}
