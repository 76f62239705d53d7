package org.ecdkit.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Greedy non-maximum suppression per class: the strongest box is kept, every box of its class
 * overlapping it by more than the threshold (intersection over union) is dropped, and so on. Run
 * over the whole image, so an object seen by two overlapping tiles is reported once. Kept boxes are
 * indexed in a grid of cells about a box wide, so a candidate is compared only with its neighbours:
 * a scene of a hundred thousand objects costs what its neighbourhoods cost.
 */
final class NonMaximumSuppression {

    private NonMaximumSuppression() {
    }

    /** The kept detections, strongest first. */
    static List<Detection> apply(List<Detection> detections, double maxOverlap) {
        Map<Integer, List<Detection>> byClass = new TreeMap<>();
        for (Detection d : detections) {
            byClass.computeIfAbsent(d.classIndex(), c -> new ArrayList<>()).add(d);
        }
        List<Detection> kept = new ArrayList<>();
        for (List<Detection> group : byClass.values()) {
            kept.addAll(suppress(group, maxOverlap));
        }
        kept.sort(STRONGEST_FIRST);
        return kept;
    }

    static final Comparator<Detection> STRONGEST_FIRST = Comparator.comparingDouble(Detection::score).reversed()
            .thenComparingDouble(Detection::y1).thenComparingDouble(Detection::x1);

    private static List<Detection> suppress(List<Detection> group, double maxOverlap) {
        group.sort(STRONGEST_FIRST);
        double cell = Math.max(1, median(group));
        Map<Long, List<Detection>> grid = new HashMap<>();
        List<Detection> chosen = new ArrayList<>();
        for (Detection candidate : group) {
            if (!overlapsChosen(candidate, grid, cell, maxOverlap)) {
                chosen.add(candidate);
                forEachCell(candidate, cell, key -> grid.computeIfAbsent(key, k -> new ArrayList<>()).add(candidate));
            }
        }
        return chosen;
    }

    private static boolean overlapsChosen(Detection candidate, Map<Long, List<Detection>> grid, double cell, double maxOverlap) {
        boolean[] found = {false};
        forEachCell(candidate, cell, key -> {
            if (!found[0]) {
                for (Detection k : grid.getOrDefault(key, List.of())) {
                    if (candidate.iou(k) > maxOverlap) {
                        found[0] = true;
                        return;
                    }
                }
            }
        });
        return found[0];
    }

    private static void forEachCell(Detection d, double cell, java.util.function.LongConsumer action) {
        long x0 = (long) Math.floor(d.x1() / cell);
        long x1 = (long) Math.floor(d.x2() / cell);
        long y0 = (long) Math.floor(d.y1() / cell);
        long y1 = (long) Math.floor(d.y2() / cell);
        for (long y = y0; y <= y1; y++) {
            for (long x = x0; x <= x1; x++) {
                action.accept(y << 32 ^ (x & 0xFFFFFFFFL));
            }
        }
    }

    /** The median of the boxes' larger sides: cells of that size hold a typical box in one to four cells. */
    private static double median(List<Detection> group) {
        double[] sides = group.stream().mapToDouble(d -> Math.max(d.width(), d.height())).toArray();
        Arrays.sort(sides);
        return sides.length == 0 ? 1 : sides[sides.length / 2];
    }
}
