package org.ecdkit.raster;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A raster read lazily, window by window: memory follows the windows asked for, not the image. A
 * source is safe to read from several threads. Formats plug in through {@link RasterFormat}; the
 * pipelines see only this interface.
 */
public interface RasterSource extends AutoCloseable {

    /** The raster as the user named it (a path, later a URL), for messages. */
    String name();

    /**
     * Every local file that makes up or describes this raster, whether it exists now or not: the
     * image and the sidecars GDAL reads beside it (attribute and statistics {@code .aux.xml},
     * overviews, masks, world files, RPCs). An output must never be written over any of them.
     */
    List<Path> files();

    int width();

    int height();

    int bandCount();

    SampleType sampleType();

    /** The value that marks "no data" in every band, if the raster declares one. */
    OptionalDouble nodata();

    GeoReference geoReference();

    /** The bands' descriptions ("Red", "NIR"), where the file names them; otherwise empty strings. */
    List<String> bandDescriptions();

    /** "640 x 640, 4 bands of Byte (tiled 256 x 256, Deflate, pixel-interleaved), nodata 0, EPSG:26911", for plans. */
    String summary();

    /**
     * The 0-based band that is an alpha channel (a TIFF's ExtraSamples, associated or not), if any:
     * where it is 0 the pixel is transparent, which GDAL and QGIS show as no data.
     */
    default OptionalInt alphaBand() {
        return OptionalInt.empty();
    }

    /** Whether the raster has a mask beside its bands (GDAL's per-dataset mask: an {@code IN.tif.msk}). */
    default boolean hasMask() {
        return false;
    }

    /**
     * Reads the mask of {@code window} (which must lie inside the raster) into {@code target}, row-major:
     * 0 where the pixel has no data. Only for a raster that {@link #hasMask}.
     */
    default void readMask(Window window, float[] target) {
        throw new UnsupportedOperationException(name() + " has no mask");
    }

    /** The most bytes of decoded data this source keeps cached between reads: part of a run's memory budget. */
    default long cacheBytes() {
        return 0;
    }

    /**
     * Whether every pixel of {@code window} lies in blocks the file does not store (GDAL's sparse
     * files), which read as 0: known from the file's directory, without reading anything.
     */
    default boolean unstored(Window window) {
        return false;
    }

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
