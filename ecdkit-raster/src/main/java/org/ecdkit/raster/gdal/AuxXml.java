package org.ecdkit.raster.gdal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import org.ecdkit.core.io.AtomicOutput;

/**
 * Writes GDAL's persistent auxiliary metadata ({@code file.tif.aux.xml}) for a single-band raster:
 * its raster attribute table, and the band's description. GDAL's RAT field types are 0 integer,
 * 1 real, 2 string; its field usages used here are 1 pixel count, 2 name, 5 min-max (the value),
 * 6 red, 7 green, 8 blue (gdal.h, GDALRATFieldUsage).
 */
public final class AuxXml {

    private AuxXml() {
    }

    /** The sidecar's path for a raster: {@code out.tif} gives {@code out.tif.aux.xml}. */
    public static Path sidecarOf(Path raster) {
        return raster.resolveSibling(raster.getFileName() + ".aux.xml");
    }

    public static void write(Path sidecar, Collection<Path> inputs, String bandDescription, RasterAttributeTable table) {
        byte[] bytes = render(bandDescription, table).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(sidecar, inputs, out -> out.write(bytes));
    }

    /** The sidecar's text, for writing through an output of the caller's own. */
    public static String render(String bandDescription, RasterAttributeTable table) {
        StringBuilder xml = new StringBuilder();
        xml.append("<PAMDataset>\n");
        xml.append("  <PAMRasterBand band=\"1\">\n");
        if (bandDescription != null && !bandDescription.isEmpty()) {
            xml.append("    <Description>").append(escape(bandDescription)).append("</Description>\n");
        }
        table(xml, table);
        xml.append("  </PAMRasterBand>\n");
        xml.append("</PAMDataset>\n");
        return xml.toString();
    }

    /**
     * The TIFF's own GDAL_METADATA tag for a classified band: its description and its attribute table
     * as an item of role "rat", which GDAL 3.12 and later write and read there (earlier GDAL keeps the
     * table in the sidecar only and passes over the item), so a .tif copied alone keeps its classes.
     */
    public static String gdalMetadata(String bandDescription, RasterAttributeTable table) {
        StringBuilder xml = new StringBuilder("<GDALMetadata>\n");
        xml.append("  <Item name=\"DEFAULT_RASTER_ATTRIBUTE_TABLE\" sample=\"0\" role=\"rat\">\n");
        table(xml, table);
        xml.append("  </Item>\n");
        if (bandDescription != null && !bandDescription.isEmpty()) {
            xml.append("  <Item name=\"DESCRIPTION\" sample=\"0\" role=\"description\">").append(escape(bandDescription))
                    .append("</Item>\n");
        }
        xml.append("</GDALMetadata>");
        return xml.toString();
    }

    private static void table(StringBuilder xml, RasterAttributeTable table) {
        xml.append("    <GDALRasterAttributeTable tableType=\"thematic\">\n");
        field(xml, 0, "Value", 0, 5);
        field(xml, 1, "Count", 0, 1);
        field(xml, 2, "ClassName", 2, 2);
        field(xml, 3, "Red", 0, 6);
        field(xml, 4, "Green", 0, 7);
        field(xml, 5, "Blue", 0, 8);
        int index = 0;
        for (RasterAttributeTable.Row row : table.rows()) {
            xml.append("      <Row index=\"").append(index++).append("\">");
            cell(xml, Long.toString(row.value()));
            cell(xml, Long.toString(row.count()));
            cell(xml, escape(row.name()));
            cell(xml, Integer.toString(row.red()));
            cell(xml, Integer.toString(row.green()));
            cell(xml, Integer.toString(row.blue()));
            xml.append("</Row>\n");
        }
        xml.append("    </GDALRasterAttributeTable>\n");
    }

    private static void field(StringBuilder xml, int index, String name, int type, int usage) {
        xml.append("      <FieldDefn index=\"").append(index).append("\"><Name>").append(name)
                .append("</Name><Type>").append(type).append("</Type><Usage>").append(usage).append("</Usage></FieldDefn>\n");
    }

    private static void cell(StringBuilder xml, String text) {
        xml.append("<F>").append(text).append("</F>");
    }

    /**
     * XML-escapes {@code text}. Leading and trailing spaces are written as {@code &#32;}: GDAL's XML
     * reader trims element text, and class names are kept verbatim (" Other (Pervious)").
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int first = 0;
        while (first < text.length() && text.charAt(first) == ' ') {
            out.append("&#32;");
            first++;
        }
        int last = text.length();
        while (last > first && text.charAt(last - 1) == ' ') {
            last--;
        }
        for (char c : text.substring(first, last).toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> {
                    // XML 1.0 has no way to hold other control characters, not even as references; they are
                    // written as the escape the console shows, so the name still reads as it was given.
                    if (c < 0x20 && c != '\t' || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append("&#32;".repeat(text.length() - Math.max(last, first)));
        return out.toString();
    }
}
