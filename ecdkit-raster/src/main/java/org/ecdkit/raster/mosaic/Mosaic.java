package org.ecdkit.raster.mosaic;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.SampleType;

/**
 * A raster made of others, as GDAL's VRT describes one: per band, members placed in order, later ones
 * drawn over earlier ones; where no member lies, the band's nodata (or 0).
 *
 * @param name         the mosaic as the user named it
 * @param files        the files that describe it (the VRT, its sidecars), not its members
 * @param width        columns
 * @param height       rows
 * @param type         the mosaic's sample type
 * @param bands        each band's members, in drawing order
 * @param nodata       each band's nodata value, where it has one
 * @param descriptions each band's description
 * @param geoReference where the mosaic lies
 */
public record Mosaic(String name, List<Path> files, int width, int height, SampleType type, List<List<PlacedSource>> bands,
        List<OptionalDouble> nodata, List<String> descriptions, GeoReference geoReference) {

    public Mosaic {
        files = List.copyOf(files);
        bands = bands.stream().map(List::copyOf).toList();
        nodata = List.copyOf(nodata);
        descriptions = List.copyOf(descriptions);
    }

    /** Every member file, once, in order of first use. */
    public List<Path> members() {
        return bands.stream().flatMap(List::stream).map(PlacedSource::file).distinct().toList();
    }
}
