package org.ecdkit.raster.gdal;

import java.util.List;

/**
 * A thematic raster attribute table: one row per class value with its name, colour and pixel count,
 * as GDAL keeps it for GeoTIFF in a {@code .aux.xml} sidecar and QGIS and ArcGIS read it.
 */
public record RasterAttributeTable(List<Row> rows) {

    public RasterAttributeTable {
        rows = List.copyOf(rows);
    }

    /** One class: its raster value, name, colour and how many pixels have it. */
    public record Row(long value, String name, int red, int green, int blue, long count) {
    }
}
