package org.ecdkit.raster;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A raster read lazily, window by window: memory follows the windows asked for, not the image. A
 * source is safe to read from several threads.
 */
public interface RasterSource extends AutoCloseable {

    Path file();

    int width();

    int height();

    int bandCount();

    SampleType sampleType();

    /** The value that marks "no data" in every band, if the raster declares one. */
    OptionalDouble nodata();

    GeoReference geoReference();

    /** The bands' descriptions ("Red", "NIR"), where the file names them; otherwise empty strings. */
    List<String> bandDescriptions();

    default Window bounds() {
        return new Window(0, 0, width(), height());
    }

    /**
     * Reads {@code window} (which must lie inside the raster) of the given 0-based bands into
     * {@code target}, band after band, each row-major: {@code target[b * w * h + row * w + col]}.
     */
    void read(Window window, int[] bands, float[] target);

    @Override
    void close();
}
