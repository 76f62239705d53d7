package org.ecdkit.inference.tiling;

import org.ecdkit.raster.Window;

/**
 * One tile of a run: the input window fed to the model, and the part of it whose result
 * is kept (its core). Windows are shifted inward at the image's edges, so the core's pixels always
 * see real context rather than zeros.
 *
 * @param index  the tile's place in row-major order
 * @param row    the grid row it belongs to
 * @param window the input pixels fed to the model (inside the image)
 * @param core   the output pixels this tile decides (inside the window)
 */
public record Tile(int index, int row, Window window, Window core) {
}
