package org.ecdkit.fuzz;

import org.ecdkit.raster.Window;
import org.ecdkit.raster.tiff.GeoTiffSource;

/**
 * GeoTIFF reading on any bytes: the header, the tags, and samples from the corners and the middle
 * (at most 64 x 64 pixels of each, so a huge declared size is read only where asked):
 * fuzz/run GeoTiffTarget.
 */
public final class GeoTiffTarget {

    private static final int SIDE = 64;

    private GeoTiffTarget() {
    }

    public static void fuzzerTestOneInput(byte[] bytes) {
        UntrustedFile.parse(bytes, "scene.tif", file -> {
            try (GeoTiffSource source = GeoTiffSource.open(file, 1 << 20)) {
                int w = Math.min(SIDE, source.width());
                int h = Math.min(SIDE, source.height());
                int[] bands = new int[Math.min(source.bandCount(), 8)];
                for (int b = 0; b < bands.length; b++) {
                    bands[b] = b;
                }
                float[] target = new float[bands.length * w * h];
                source.read(new Window(0, 0, w, h), bands, target);
                source.read(new Window(source.width() - w, source.height() - h, w, h), bands, target);
                source.read(new Window((source.width() - w) / 2, (source.height() - h) / 2, w, h), bands, target);
                source.geoReference();
            }
        });
    }
}
