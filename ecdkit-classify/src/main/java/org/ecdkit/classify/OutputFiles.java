package org.ecdkit.classify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.raster.gdal.AuxXml;

/**
 * The files a classification writes: the raster, its GDAL attribute table beside it, and the
 * preview picture if one was asked for. All are checked before any work, against the inputs and
 * against each other (a preview named like the attribute table would replace it).
 *
 * @param raster         the classified GeoTIFF
 * @param attributeTable its {@code .aux.xml}
 * @param preview        the PNG, if asked for
 */
record OutputFiles(Path raster, Path attributeTable, Optional<Path> preview) {

    static OutputFiles of(Path raster, Optional<Path> preview) {
        return new OutputFiles(raster, AuxXml.sidecarOf(raster), preview);
    }

    List<Path> all() {
        List<Path> files = new ArrayList<>(List.of(raster, attributeTable));
        preview.ifPresent(files::add);
        return files;
    }

    /**
     * Files an earlier raster of the same name left beside it that GDAL would read with the new one:
     * external overviews would show the old classes when zoomed out, a mask would hide new pixels.
     */
    List<Path> staleSidecars() {
        String name = raster.getFileName().toString();
        List<Path> stale = new ArrayList<>();
        for (String suffix : List.of(".ovr", ".msk", ".OVR", ".MSK")) {
            Path sidecar = raster.resolveSibling(name + suffix);
            if (Files.exists(sidecar)) {
                stale.add(sidecar);
            }
        }
        return stale;
    }
}
