package org.ecdkit.classify;

import java.io.Serializable;

/**
 * Whole rows of output tiles, rows {@code top} to {@code bottom} of the classified raster: the unit
 * of work when one raster is split among a cluster's tasks.
 *
 * @param index  its place from the top
 * @param top    its first row, a multiple of the output tile
 * @param bottom the row after its last: a multiple of the output tile, or the image's height
 */
public record OutputWindow(int index, int top, int bottom) implements Serializable {

    private static final long serialVersionUID = 1L;

    public OutputWindow {
        if (index < 0 || top < 0 || bottom <= top) {
            throw new IllegalArgumentException("window " + index + " of rows " + top + " to " + bottom);
        }
    }
}
