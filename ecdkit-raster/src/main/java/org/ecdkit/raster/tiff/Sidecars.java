package org.ecdkit.raster.tiff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files GDAL reads beside a GeoTIFF as part of it: its PAM metadata ({@code .aux.xml}: CRS,
 * nodata, statistics, attribute tables), external overviews and masks, world files, and RPC and
 * metadata sidecars of satellite deliveries. Writing an output over one changes the input as GDAL
 * and QGIS see it, so they count as inputs.
 */
final class Sidecars {

    private static final List<String> APPENDED = List.of(".aux.xml", ".ovr", ".msk");
    private static final List<String> REPLACING = List.of(".aux", ".ovr", ".tfw", ".tifw", ".tiffw", ".wld", ".rpb",
            "_rpc.txt", ".imd", ".prj");

    private Sidecars() {
    }

    /** {@code tif} and its sidecars, lower- and upper-case, whether they exist or not. */
    static List<Path> of(Path tif) {
        List<Path> files = new ArrayList<>();
        files.add(tif);
        Path name = tif.getFileName();
        if (name == null) {
            return files;
        }
        String file = name.toString();
        int dot = file.lastIndexOf('.');
        String base = dot > 0 ? file.substring(0, dot) : file;
        for (String suffix : APPENDED) {
            files.add(tif.resolveSibling(file + suffix));
            files.add(tif.resolveSibling(file + suffix.toUpperCase(Locale.ROOT)));
        }
        for (String suffix : REPLACING) {
            files.add(tif.resolveSibling(base + suffix));
            files.add(tif.resolveSibling(base + suffix.toUpperCase(Locale.ROOT)));
        }
        return files;
    }
}
