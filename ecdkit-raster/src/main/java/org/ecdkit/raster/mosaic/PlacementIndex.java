package org.ecdkit.raster.mosaic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecdkit.raster.Window;

/**
 * Which members of one mosaic band a window touches, without looking at every member: the band's
 * extent cut into square cells about a member's size, each cell listing the members that reach into
 * it. A window then looks at the members of the cells it covers, in drawing order; a mosaic of a
 * hundred thousand tiles costs a read a few lookups, not a hundred thousand intersections.
 */
final class PlacementIndex {

    private final List<PlacedSource> placed;
    private final int cell;
    private final int across;
    private final int down;
    private final int[][] cells;

    PlacementIndex(List<PlacedSource> placed, int width, int height) {
        this.placed = placed;
        long sides = 0;
        for (PlacedSource source : placed) {
            sides += Math.max(source.to().width(), source.to().height());
        }
        this.cell = (int) Math.max(64, placed.isEmpty() ? 64 : sides / placed.size());
        this.across = (width + cell - 1) / cell;
        this.down = (height + cell - 1) / cell;
        List<List<Integer>> members = new ArrayList<>();
        for (int i = 0; i < across * down; i++) {
            members.add(new ArrayList<>(1));
        }
        for (int i = 0; i < placed.size(); i++) {
            Window to = placed.get(i).to();
            for (int row = to.y() / cell; row <= (to.bottom() - 1) / cell && row < down; row++) {
                for (int column = to.x() / cell; column <= (to.right() - 1) / cell && column < across; column++) {
                    members.get(row * across + column).add(i);
                }
            }
        }
        this.cells = members.stream().map(list -> list.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** The members that overlap {@code window}, in drawing order (later ones over earlier ones). */
    List<PlacedSource> overlapping(Window window) {
        int[] found = new int[0];
        int count = 0;
        for (int row = window.y() / cell; row <= (window.bottom() - 1) / cell && row < down; row++) {
            for (int column = window.x() / cell; column <= (window.right() - 1) / cell && column < across; column++) {
                int[] members = cells[row * across + column];
                if (count + members.length > found.length) {
                    found = Arrays.copyOf(found, Math.max(2 * found.length, count + members.length));
                }
                System.arraycopy(members, 0, found, count, members.length);
                count += members.length;
            }
        }
        Arrays.sort(found, 0, count);
        List<PlacedSource> overlapping = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if ((i == 0 || found[i] != found[i - 1]) && !placed.get(found[i]).to().intersect(window).isEmpty()) {
                overlapping.add(placed.get(found[i]));
            }
        }
        return overlapping;
    }
}
