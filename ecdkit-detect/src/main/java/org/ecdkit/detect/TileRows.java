package org.ecdkit.detect;

import java.io.Serializable;

/**
 * Rows {@code first} to {@code end} (exclusive) of a detection's tile grid: the unit of work when one
 * raster's detection is split among a cluster's tasks.
 *
 * @param index its place from the top
 * @param first the first grid row
 * @param end   the grid row after its last
 */
public record TileRows(int index, int first, int end) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TileRows {
        if (index < 0 || first < 0 || end <= first) {
            throw new IllegalArgumentException("window " + index + " of grid rows " + first + " to " + end);
        }
    }
}
