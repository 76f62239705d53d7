package org.ecdkit.raster.mosaic;

import java.nio.file.Path;
import java.util.OptionalDouble;
import org.ecdkit.raster.Window;

/**
 * One member of a mosaic band: a window of one band of a raster file, placed at a window of the
 * mosaic of the same size (no resampling).
 *
 * @param file       the member file
 * @param band       its 0-based band
 * @param from       the window read from the member
 * @param to         where it lands in the mosaic
 * @param nodata     the member's value that leaves what lies beneath visible (a VRT ComplexSource's NODATA)
 */
public record PlacedSource(Path file, int band, Window from, Window to, OptionalDouble nodata) {

    public PlacedSource {
        if (from.width() != to.width() || from.height() != to.height()) {
            throw new IllegalArgumentException(from + " and " + to + " differ in size");
        }
    }
}
