package org.ecdkit.raster.jp2;

import java.nio.file.Path;
import java.util.Arrays;
import org.ecdkit.raster.RasterFormat;
import org.ecdkit.raster.RasterSource;

/** JPEG 2000: a JP2 file (its signature box) or a bare codestream (SOC then SIZ). */
public final class Jp2Format implements RasterFormat {

    @Override
    public String name() {
        return "JPEG 2000";
    }

    @Override
    public boolean recognises(byte[] head) {
        return starts(head, Jp2Boxes.SIGNATURE) || starts(head, Jp2Boxes.CODESTREAM);
    }

    private static boolean starts(byte[] head, byte[] prefix) {
        return head.length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public RasterSource open(Path file) {
        return Jp2Source.open(file);
    }

    @Override
    public RasterSource open(Path file, long cacheBytes) {
        return Jp2Source.open(file, cacheBytes);
    }
}
