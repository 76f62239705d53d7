package org.ecdkit.classify;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.inference.MemoryBudget;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.inference.tiling.TileSettings;

/**
 * What a classification holds besides the pipeline: the rows of the raster being assembled, the
 * blending buffer of class evidence (blend mode: the large one on wide scenes with many classes),
 * and the preview picture.
 */
record ClassifyMemory(int imageWidth, int classes, OutputKind kind, MergeMode merge, boolean preview)
        implements TiledRun.MemoryNeeds {

    @Override
    public long outputValuesPerTile(TileSettings tiles) {
        long channels = kind == OutputKind.CLASS_SCORES ? classes : 1;
        return channels * tiles.modelWidth() * tiles.modelHeight();
    }

    @Override
    public List<MemoryBudget.Part> heapParts(TileSettings tiles, TileGrid grid) {
        List<MemoryBudget.Part> parts = new ArrayList<>();
        long ringRows = Math.max(tiles.tileHeight(), tiles.modelHeight()) + ClassifyRaster.OUTPUT_TILE;
        parts.add(new MemoryBudget.Part("output rows", ringRows * imageWidth * (classes < 128 ? 1 : Integer.BYTES)));
        if (merge == MergeMode.BLEND) {
            long rows = 2L * grid.tileHeight() + 1;
            parts.add(new MemoryBudget.Part("blending buffer", rows * imageWidth * ((long) classes * Float.BYTES + Float.BYTES + 1)));
        }
        if (preview) {
            parts.add(new MemoryBudget.Part("preview", (long) ClassifyRaster.PREVIEW_SIDE * ClassifyRaster.PREVIEW_SIDE * 2 * Integer.BYTES));
        }
        return parts;
    }
}
