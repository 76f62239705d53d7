package org.ecdkit.raster.vrt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.gdal.GdalXml;
import org.ecdkit.raster.mosaic.Mosaic;
import org.ecdkit.raster.mosaic.MosaicSource;
import org.ecdkit.raster.mosaic.PlacedSource;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a GDAL VRT into a {@link Mosaic}: mosaics of tiles and stacks of bands, the VRTs
 * {@code gdalbuildvrt} (with or without {@code -separate}) and {@code gdal_translate -of VRT} write.
 * Bands of {@code SimpleSource}s and {@code ComplexSource}s (their {@code NODATA}, and a linear
 * {@code ScaleOffset}/{@code ScaleRatio}) with source and destination windows of the same size; every
 * other element that changes pixels (resampling, derived bands, warped datasets, lookup tables, masks,
 * other source kinds, /vsi paths) is refused by name, never ignored. Members are checked when the VRT
 * is opened (a missing file, a band it lacks, a VRT that includes itself), so a run never starts on a
 * broken one.
 */
public final class VrtReader {

    /** The largest VRT read: a mosaic of a hundred thousand tiles is about 60 MiB of XML. */
    static final int MAX_BYTES = 64 << 20;
    /** The VRTs being opened on this thread, outermost first: a member that is one of them is a loop. */
    private static final ThreadLocal<Set<Path>> OPENING = ThreadLocal.withInitial(HashSet::new);

    private VrtReader() {
    }

    public static MosaicSource open(Path vrt, long cacheBytes) {
        Path key = vrt.toAbsolutePath().normalize();
        Set<Path> opening = OPENING.get();
        if (!opening.add(key)) {
            throw new InvalidInputException(Place.of(vrt), "a VRT that includes itself, directly or through another VRT");
        }
        try {
            return new MosaicSource(read(vrt), cacheBytes < 0 ? GeoTiffSource.DEFAULT_CACHE_BYTES : cacheBytes);
        } finally {
            opening.remove(key);
        }
    }

    static Mosaic read(Path vrt) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(vrt)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw StorageException.of("read", vrt, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(Place.of(vrt), "a VRT larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        Element root = GdalXml.parse(vrt, bytes).getDocumentElement();
        if (!root.getTagName().equals("VRTDataset")) {
            throw new InvalidInputException(Place.of(vrt), "the root element is <" + root.getTagName() + ">, not <VRTDataset>");
        }
        if (!root.getAttribute("subClass").isEmpty()) {
            throw unsupported(vrt, "VRTDataset", "a " + root.getAttribute("subClass") + " (ecdkit reads mosaics and band stacks, not "
                    + "warped or derived datasets); materialise it with gdal_translate " + vrt.getFileName() + " OUT.tif");
        }
        int width = positive(vrt, root, "rasterXSize");
        int height = positive(vrt, root, "rasterYSize");
        Optional<GeoTransform> transform = GdalXml.child(root, "GeoTransform").map(text -> GdalXml.transform(vrt, text));
        Optional<CoordinateSystem> crs = GdalXml.child(root, "SRS").filter(s -> !s.isBlank()).map(GdalXml::coordinateSystem);
        for (Element child : children(root)) {
            if (child.getTagName().equals("MaskBand")) {
                throw unsupported(vrt, "MaskBand", "a VRT's own mask band is not read; materialise it with gdal_translate "
                        + vrt.getFileName() + " OUT.tif");
            }
        }
        List<List<PlacedSource>> bands = new ArrayList<>();
        List<OptionalDouble> nodata = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        SampleType type = null;
        Members members = new Members(vrt);
        for (Element band : children(root)) {
            if (!band.getTagName().equals("VRTRasterBand")) {
                continue;
            }
            String where = "VRTRasterBand[" + (bands.size() + 1) + "]";
            if (!band.getAttribute("subClass").isEmpty() && !band.getAttribute("subClass").equals("VRTSourcedRasterBand")) {
                throw unsupported(vrt, where, "a " + band.getAttribute("subClass") + " (pixel functions and derived bands are not "
                        + "read); materialise it with gdal_translate " + vrt.getFileName() + " OUT.tif");
            }
            SampleType bandType = sampleType(vrt, where, band.getAttribute("dataType"));
            if (type != null && bandType != type) {
                throw unsupported(vrt, where, "bands of different data types (" + type.gdalName() + " and " + bandType.gdalName() + ")");
            }
            type = bandType;
            nodata.add(GdalXml.child(band, "NoDataValue").map(text -> OptionalDouble.of(GdalXml.number(vrt, where + ".NoDataValue",
                    text))).orElse(OptionalDouble.empty()));
            descriptions.add(GdalXml.child(band, "Description").orElse(""));
            List<PlacedSource> sources = new ArrayList<>();
            for (Element source : children(band)) {
                String kind = source.getTagName();
                String at = where + "." + kind + "[" + (sources.size() + 1) + "]";
                switch (kind) {
                    case "SimpleSource", "ComplexSource" -> members.place(source, at, width, height).ifPresent(sources::add);
                    case "AveragedSource", "KernelFilteredSource", "ArraySource" -> throw unsupported(vrt, at,
                            "a " + kind + " (it resamples or filters); materialise it with gdal_translate " + vrt.getFileName() + " OUT.tif");
                    case "PixelFunctionType", "PixelFunctionLanguage", "PixelFunctionCode" -> throw unsupported(vrt, at,
                            "a pixel function; materialise it with gdal_translate " + vrt.getFileName() + " OUT.tif");
                    default -> {
                        // Metadata, ColorInterp, ColorTable, Histograms, Offset/Scale tags: describe the band, not its pixels.
                    }
                }
            }
            bands.add(sources);
        }
        if (bands.isEmpty()) {
            throw new InvalidInputException(Place.of(vrt), "a VRT with no VRTRasterBand");
        }
        GeoReference geo = transform.isPresent() || crs.isPresent() ? new GeoReference(transform, crs, Optional.empty()) : GeoReference.NONE;
        List<Path> files = List.of(vrt, vrt.resolveSibling(vrt.getFileName() + ".aux.xml"), vrt.resolveSibling(vrt.getFileName() + ".ovr"));
        return new Mosaic(vrt.toString(), files, width, height, type, bands, nodata, descriptions, geo);
    }

    /** The members of one VRT, each opened once to check it, then closed: the mosaic opens them again as it reads. */
    private static final class Members {
        private final Path vrt;
        private final Map<Path, int[]> shapes = new HashMap<>();

        Members(Path vrt) {
            this.vrt = vrt;
        }

        /** The source element as a placed member, clipped to the member and the VRT; empty where nothing of it shows. */
        Optional<PlacedSource> place(Element source, String at, int width, int height) {
            for (String refused : List.of("LUT", "Exponent", "ColorTableComponent", "UseMaskBand")) {
                if (GdalXml.child(source, refused).isPresent()) {
                    throw unsupported(vrt, at, "<" + refused + "> is not read; materialise the VRT with gdal_translate "
                            + vrt.getFileName() + " OUT.tif");
                }
            }
            String ratio = GdalXml.child(source, "ScaleRatio").orElse("1");
            String offset = GdalXml.child(source, "ScaleOffset").orElse("0");
            if (GdalXml.number(vrt, at + ".ScaleRatio", ratio) != 1 || GdalXml.number(vrt, at + ".ScaleOffset", offset) != 0) {
                throw unsupported(vrt, at, "a scaled source (ScaleRatio " + ratio + ", ScaleOffset " + offset + "); materialise it with "
                        + "gdal_translate " + vrt.getFileName() + " OUT.tif");
            }
            Path file = file(source, at);
            String bandText = GdalXml.child(source, "SourceBand").orElse("1");
            int band;
            try {
                band = Integer.parseInt(bandText) - 1;
            } catch (NumberFormatException e) {
                throw unsupported(vrt, at + ".SourceBand", "\"" + bandText + "\" (a mask band or not a band number)");
            }
            int[] shape = shapes.computeIfAbsent(file, f -> shape(f, at));
            if (band < 0 || band >= shape[2]) {
                throw new InvalidInputException(Place.in(vrt, at + ".SourceBand"), "band " + bandText + " of " + file + ", which has "
                        + shape[2] + (shape[2] == 1 ? " band" : " bands"));
            }
            Window from = rect(source, "SrcRect", at, new Window(0, 0, shape[0], shape[1]));
            Window to = rect(source, "DstRect", at, from);
            if (from.width() != to.width() || from.height() != to.height()) {
                throw unsupported(vrt, at, "SrcRect " + from.width() + " x " + from.height() + " drawn into DstRect " + to.width() + " x "
                        + to.height() + " (resampling); ecdkit reads VRTs at their sources' resolution");
            }
            // Clip to the member and to the VRT, moving both windows together (GDAL does the same).
            int left = Math.max(Math.max(0, -from.x()), -to.x());
            int top = Math.max(Math.max(0, -from.y()), -to.y());
            int right = Math.min(Math.min(from.width(), shape[0] - from.x()), width - to.x());
            int bottom = Math.min(Math.min(from.height(), shape[1] - from.y()), height - to.y());
            if (right <= left || bottom <= top) {
                return Optional.empty();
            }
            Window clippedFrom = new Window(from.x() + left, from.y() + top, right - left, bottom - top);
            Window clippedTo = new Window(to.x() + left, to.y() + top, right - left, bottom - top);
            OptionalDouble nodata = source.getTagName().equals("ComplexSource")
                    ? GdalXml.child(source, "NODATA").map(text -> OptionalDouble.of(GdalXml.number(vrt, at + ".NODATA", text)))
                            .orElse(OptionalDouble.empty())
                    : OptionalDouble.empty();
            return Optional.of(new PlacedSource(file, band, clippedFrom, clippedTo, nodata));
        }

        private Path file(Element source, String at) {
            Element name = children(source).stream().filter(e -> e.getTagName().equals("SourceFilename")).findFirst()
                    .orElseThrow(() -> new InvalidInputException(Place.in(vrt, at), "no SourceFilename"));
            String text = name.getTextContent().strip();
            if (text.startsWith("/vsi") || text.contains("://")) {
                throw unsupported(vrt, at + ".SourceFilename", "\"" + text + "\": GDAL virtual file systems and URLs inside a VRT are "
                        + "not read");
            }
            Path file = Path.of(text);
            if ("1".equals(name.getAttribute("relativeToVRT"))) {
                Path folder = vrt.toAbsolutePath().getParent();
                file = folder.resolve(text).normalize();
            }
            if (!Files.exists(file)) {
                throw new InvalidInputException(Place.in(vrt, at + ".SourceFilename"), "\"" + text + "\": no such file (" + file + ")");
            }
            return file;
        }

        /** Width, height and band count of {@code file}, from opening it once. */
        private int[] shape(Path file, String at) {
            try (RasterSource member = RasterSources.open(file, 1L << 20)) {
                return new int[] {member.width(), member.height(), member.bandCount()};
            }
        }

        private Window rect(Element source, String name, String at, Window whole) {
            Optional<Element> rect = children(source).stream().filter(e -> e.getTagName().equals(name)).findFirst();
            if (rect.isEmpty()) {
                return whole;
            }
            int[] v = new int[4];
            String[] attributes = {"xOff", "yOff", "xSize", "ySize"};
            for (int i = 0; i < 4; i++) {
                String text = rect.get().getAttribute(attributes[i]);
                double value = GdalXml.number(vrt, at + "." + name + "." + attributes[i], text.isEmpty() ? "nan" : text);
                if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                    throw unsupported(vrt, at + "." + name, attributes[i] + "=\"" + text + "\" (a fraction of a pixel: resampling)");
                }
                v[i] = (int) value;
            }
            if (v[2] < 0 || v[3] < 0) {
                throw new InvalidInputException(Place.in(vrt, at + "." + name), "a negative size");
            }
            return new Window(v[0], v[1], v[2], v[3]);
        }
    }

    private static SampleType sampleType(Path vrt, String where, String name) {
        for (SampleType type : SampleType.values()) {
            if (type.gdalName().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw unsupported(vrt, where, "dataType \"" + name + "\" is not read (ecdkit reads Byte, Int8, UInt16, Int16, UInt32, Int32, "
                + "Float32, Float64)");
    }

    private static int positive(Path vrt, Element root, String attribute) {
        String text = root.getAttribute(attribute);
        try {
            int value = Integer.parseInt(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw new InvalidInputException(Place.in(vrt, "VRTDataset." + attribute), "\"" + text + "\", a positive number expected");
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    private static UnsupportedInputException unsupported(Path vrt, String where, String problem) {
        return new UnsupportedInputException(Place.in(vrt, where), problem);
    }

}
