package org.ecdkit.raster.tiff;

import java.nio.file.Path;
import org.ecdkit.raster.RasterFormat;
import org.ecdkit.raster.RasterSource;

/** GeoTIFF and BigTIFF, either byte order: "II" or "MM", then 42 (classic) or 43 (BigTIFF). */
public final class GeoTiffFormat implements RasterFormat {

    @Override
    public String name() {
        return "GeoTIFF";
    }

    @Override
    public boolean recognises(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        boolean little = head[0] == 'I' && head[1] == 'I';
        boolean big = head[0] == 'M' && head[1] == 'M';
        int version = little ? (head[2] & 0xFF) | (head[3] & 0xFF) << 8 : big ? (head[2] & 0xFF) << 8 | (head[3] & 0xFF) : -1;
        return version == 42 || version == 43;
    }

    @Override
    public RasterSource open(Path file) {
        return GeoTiffSource.open(file);
    }

    @Override
    public RasterSource open(org.ecdkit.raster.io.ByteRanges ranges, long cacheBytes) {
        return GeoTiffSource.openRemote(ranges, cacheBytes);
    }

    @Override
    public RasterSource open(Path file, long cacheBytes) {
        return GeoTiffSource.open(file, cacheBytes);
    }
}
