package org.ecdkit.raster.vrt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ecdkit.raster.RasterFormat;
import org.ecdkit.raster.RasterSource;

/** GDAL's virtual raster: an XML document whose root element is {@code VRTDataset}. */
public final class VrtFormat implements RasterFormat {

    @Override
    public String name() {
        return "GDAL VRT";
    }

    @Override
    public boolean recognises(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.stripLeading();
        // An XML declaration and comments may come first.
        while (text.startsWith("<?") || text.startsWith("<!--")) {
            int end = text.indexOf(text.startsWith("<?") ? "?>" : "-->");
            if (end < 0) {
                return false;
            }
            text = text.substring(end + (text.startsWith("<?") ? 2 : 3)).stripLeading();
        }
        return text.startsWith("<VRTDataset");
    }

    @Override
    public RasterSource open(Path file) {
        return VrtReader.open(file, -1);
    }

    @Override
    public RasterSource open(Path file, long cacheBytes) {
        return VrtReader.open(file, cacheBytes);
    }
}
