package org.ecdkit.raster;

import java.nio.file.Path;
import org.ecdkit.raster.tiff.GeoTiffSource;

/** Opens rasters for reading; GeoTIFF is the format ecdkit reads. */
public final class RasterSources {

    private RasterSources() {
    }

    public static RasterSource open(Path path) {
        return GeoTiffSource.open(path);
    }
}
