package org.ecdkit.raster.jp2;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.gdal.GdalXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The georeferencing of a GMLJP2 file (OGC 05-047, as Sentinel-2 band files and GDAL's
 * {@code GMLJP2=YES} write it): a GML RectifiedGrid whose origin is the centre of pixel (0, 0) and whose
 * offset vectors step one column and one row, in the axis order of the CRS the {@code srsName} URN
 * names. EPSG geographic systems (codes 4000 to 4999) give latitude first, which is swapped into the
 * longitude-first transform GDAL reports; projected systems are taken as easting first.
 */
final class GmlJp2 {

    private static final Pattern EPSG = Pattern.compile("EPSG:{1,2}(?:[\\d.]*:)?(\\d{4,6})$");

    private GmlJp2() {
    }

    /** The reference the GML in {@code xml} describes, if it holds a RectifiedGrid. */
    static Optional<GeoReference> read(byte[] xml, Path file) {
        // GDAL ends the box's XML with a NUL, which an XML parser refuses as trailing content.
        int end = xml.length;
        while (end > 0 && (xml[end - 1] == 0 || Character.isWhitespace(xml[end - 1]))) {
            end--;
        }
        Document document = GdalXml.parse(file, java.util.Arrays.copyOf(xml, end));
        NodeList grids = document.getElementsByTagNameNS("*", "RectifiedGrid");
        if (grids.getLength() == 0) {
            grids = document.getElementsByTagName("gml:RectifiedGrid");
        }
        if (grids.getLength() == 0) {
            return Optional.empty();
        }
        Element grid = (Element) grids.item(0);
        double[] origin = numbers(file, text(grid, "pos"), 2, "RectifiedGrid.origin.pos");
        NodeList vectors = elements(grid, "offsetVector");
        if (vectors.getLength() != 2) {
            throw new InvalidInputException(Place.in(file, "GMLJP2 RectifiedGrid"), vectors.getLength() + " offset vectors, 2 expected");
        }
        double[] column = numbers(file, vectors.item(0).getTextContent(), 2, "RectifiedGrid.offsetVector[1]");
        double[] row = numbers(file, vectors.item(1).getTextContent(), 2, "RectifiedGrid.offsetVector[2]");
        String srs = srsName(grid);
        Matcher code = EPSG.matcher(srs.strip());
        OptionalInt epsg = code.find() ? OptionalInt.of(Integer.parseInt(code.group(1))) : OptionalInt.empty();
        boolean latitudeFirst = epsg.isPresent() && epsg.getAsInt() >= 4000 && epsg.getAsInt() < 5000;
        if (latitudeFirst) {
            origin = new double[] {origin[1], origin[0]};
            column = new double[] {column[1], column[0]};
            row = new double[] {row[1], row[0]};
        }
        // The origin is pixel (0, 0)'s centre: the corner lies half a column and half a row back.
        GeoTransform transform = new GeoTransform(origin[0] - 0.5 * (column[0] + row[0]), column[0], row[0],
                origin[1] - 0.5 * (column[1] + row[1]), column[1], row[1]);
        Optional<CoordinateSystem> crs = epsg.isPresent() ? Optional.of(CoordinateSystem.epsg(epsg.getAsInt(),
                latitudeFirst ? CoordinateSystem.Kind.GEOGRAPHIC : CoordinateSystem.Kind.PROJECTED)) : Optional.empty();
        return Optional.of(new GeoReference(Optional.of(transform), crs, Optional.empty()));
    }

    /** The srsName of the grid's origin point or its offset vectors, or of the grid itself. */
    private static String srsName(Element grid) {
        for (String name : new String[] {"Point", "offsetVector", "RectifiedGrid"}) {
            NodeList nodes = name.equals("RectifiedGrid") ? null : elements(grid, name);
            if (nodes == null) {
                return grid.getAttribute("srsName");
            }
            for (int i = 0; i < nodes.getLength(); i++) {
                String value = ((Element) nodes.item(i)).getAttribute("srsName");
                if (!value.isBlank()) {
                    return value;
                }
            }
        }
        return "";
    }

    private static NodeList elements(Element parent, String localName) {
        NodeList found = parent.getElementsByTagNameNS("*", localName);
        return found.getLength() > 0 ? found : parent.getElementsByTagName("gml:" + localName);
    }

    private static String text(Element parent, String localName) {
        NodeList found = elements(parent, localName);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent();
    }

    private static double[] numbers(Path file, String text, int count, String field) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != count) {
            throw new InvalidInputException(Place.in(file, "GMLJP2 " + field), "\"" + text.strip() + "\": " + count + " numbers expected");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = GdalXml.number(file, "GMLJP2 " + field, parts[i]);
        }
        return values;
    }
}
