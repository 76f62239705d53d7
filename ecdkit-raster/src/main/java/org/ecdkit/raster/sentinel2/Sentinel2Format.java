package org.ecdkit.raster.sentinel2;

import java.nio.file.Path;
import org.ecdkit.raster.RasterFormat;
import org.ecdkit.raster.RasterSource;

/** A Sentinel-2 product's metadata file (MTD_MSIL2A.xml, MTD_MSIL1C.xml): the product's 10 m bands as one raster. */
public final class Sentinel2Format implements RasterFormat {

    @Override
    public String name() {
        return "Sentinel-2 product";
    }

    @Override
    public boolean recognises(byte[] head) {
        return SafeProduct.isMetadata(head);
    }

    @Override
    public RasterSource open(Path file) {
        return SafeProduct.open(file);
    }
}
