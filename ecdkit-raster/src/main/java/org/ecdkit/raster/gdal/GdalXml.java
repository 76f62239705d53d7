package org.ecdkit.raster.gdal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoTransform;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The XML GDAL writes (PAM sidecars, VRTs), read as untrusted input: no DTD, no external entity, so
 * no file is read nor URL fetched on a document's say-so; and the values GDAL keeps in it
 * (geotransforms, WKT coordinate systems, numbers) read with errors that name the element.
 */
public final class GdalXml {

    /** The EPSG code a WKT gives the whole system: its last authority, which closes the outermost node. */
    private static final Pattern LAST_AUTHORITY = Pattern.compile(
            "(?:AUTHORITY\\[\\s*\"EPSG\"\\s*,\\s*\"?(\\d+)\"?\\s*\\]|ID\\[\\s*\"EPSG\"\\s*,\\s*(\\d+)\\s*\\])\\s*\\]\\s*$");

    private GdalXml() {
    }

    /** {@code bytes}, parsed; a document that is not well-formed is refused naming {@code sidecar}. */
    public static Document parse(Path sidecar, byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            var builder = factory.newDocumentBuilder();
            // Without a handler of its own the parser prints its complaints to stderr before throwing them.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new InvalidInputException(Place.of(sidecar), "not well-formed XML (" + e.getMessage().lines().findFirst()
                    .orElse("").strip() + ")");
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stripped text of {@code parent}'s first child element called {@code name}. */
    public static Optional<String> child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return Optional.of(element.getTextContent().strip());
            }
        }
        return Optional.empty();
    }

    /** GDAL's six comma-separated geotransform coefficients. */
    public static GeoTransform transform(Path sidecar, String text) {
        String[] parts = text.split("\\s*,\\s*");
        if (parts.length != 6) {
            throw new InvalidInputException(Place.in(sidecar, "GeoTransform"), "expected 6 numbers, found " + parts.length);
        }
        double[] v = new double[6];
        for (int i = 0; i < 6; i++) {
            v[i] = number(sidecar, "GeoTransform", parts[i]);
        }
        return new GeoTransform(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** A number as GDAL writes it ("nan" included); {@code field} names it in the error. */
    public static double number(Path sidecar, String field, String text) {
        String value = text.strip();
        try {
            return value.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(Place.in(sidecar, field), "\"" + value + "\" is not a number");
        }
    }

    /** The system a WKT (1 or 2) describes: its EPSG code where its outermost node names one, its kind. */
    public static CoordinateSystem coordinateSystem(String wkt) {
        String upper = wkt.stripLeading().toUpperCase(Locale.ROOT);
        CoordinateSystem.Kind kind = upper.startsWith("PROJCS") || upper.startsWith("PROJCRS")
                ? CoordinateSystem.Kind.PROJECTED
                : upper.startsWith("GEOGCS") || upper.startsWith("GEOGCRS") || upper.startsWith("GEODCRS")
                ? CoordinateSystem.Kind.GEOGRAPHIC : CoordinateSystem.Kind.UNKNOWN;
        Matcher m = LAST_AUTHORITY.matcher(wkt.strip());
        OptionalInt epsg = OptionalInt.empty();
        if (m.find()) {
            String code = m.group(1) != null ? m.group(1) : m.group(2);
            if (code.length() <= 6) {
                epsg = OptionalInt.of(Integer.parseInt(code));
            }
        }
        Matcher name = Pattern.compile("^[A-Z]+\\[\\s*\"([^\"]{1,200})\"").matcher(wkt.strip());
        String label = epsg.isPresent() ? "EPSG:" + epsg.getAsInt() : name.find() ? name.group(1) : "user-defined";
        return new CoordinateSystem(epsg, kind, label, Optional.of(wkt));
    }
}
