package org.ecdkit.raster.sentinel2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.gdal.GdalXml;
import org.ecdkit.raster.mosaic.Mosaic;
import org.ecdkit.raster.mosaic.MosaicSource;
import org.ecdkit.raster.mosaic.PlacedSource;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A Sentinel-2 product as ESA delivers it (a {@code .SAFE} folder, or its {@code MTD_MSIL2A.xml} /
 * {@code MTD_MSIL1C.xml}), read as the stack of its four 10 m bands, B02 (blue), B03 (green), B04 (red),
 * B08 (near infrared), in that order: the band files the product's metadata lists
 * ({@code IMAGE_FILE}), each a JPEG 2000 file placed by its GMLJP2. A definition's ExtractBands then
 * picks among these four. Values are the files' digital numbers; 0 is nodata, as the product says.
 */
public final class SafeProduct {

    /** The 10 m bands, in the order they are stacked. */
    static final List<String> BANDS = List.of("B02", "B03", "B04", "B08");
    static final List<String> NAMES = List.of("B02 (blue)", "B03 (green)", "B04 (red)", "B08 (near infrared)");
    /** More metadata than a product's is refused, not read. */
    static final int MAX_BYTES = 16 << 20;

    private SafeProduct() {
    }

    /** The product's metadata file in {@code folder}, if the folder is a Sentinel-2 product. */
    public static Optional<Path> metadataIn(Path folder) {
        for (String name : List.of("MTD_MSIL2A.xml", "MTD_MSIL1C.xml")) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Whether a file starting with {@code head} is a Sentinel-2 product's metadata. */
    public static boolean isMetadata(byte[] head) {
        String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
        return text.contains("Level-2A_User_Product") || text.contains("Level-1C_User_Product");
    }

    /** The product whose metadata is {@code metadata}, as a stack of its 10 m bands. */
    public static MosaicSource open(Path metadata) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(metadata)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw StorageException.of("read", metadata, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(Place.of(metadata), "more than " + (MAX_BYTES >> 20) + " MiB of product metadata");
        }
        Document document = GdalXml.parse(metadata, bytes);
        NodeList images = document.getElementsByTagName("IMAGE_FILE");
        Path folder = metadata.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        for (String band : BANDS) {
            files.add(bandFile(metadata, folder, images, band));
        }
        int width;
        int height;
        org.ecdkit.raster.GeoReference geo;
        org.ecdkit.raster.SampleType type;
        try (RasterSource first = RasterSources.open(files.get(0), 1L << 20)) {
            width = first.width();
            height = first.height();
            geo = first.geoReference();
            type = first.sampleType();
        }
        List<List<PlacedSource>> bands = new ArrayList<>();
        for (int b = 0; b < files.size(); b++) {
            try (RasterSource band = RasterSources.open(files.get(b), 1L << 20)) {
                if (band.width() != width || band.height() != height || band.bandCount() != 1) {
                    throw new InvalidInputException(Place.of(files.get(b)), band.width() + " x " + band.height() + " pixels in "
                            + band.bandCount() + " bands, where " + files.get(0).getFileName() + " has " + width + " x " + height
                            + " in 1: not a 10 m band of the same tile");
                }
            }
            Window whole = new Window(0, 0, width, height);
            bands.add(List.of(new PlacedSource(files.get(b), 0, whole, whole, OptionalDouble.empty())));
        }
        Mosaic mosaic = new Mosaic(metadata.toString(), List.of(metadata), width, height, type, bands,
                Collections.nCopies(BANDS.size(), OptionalDouble.of(0)), NAMES, geo);
        return new MosaicSource(mosaic, GeoTiffSource.DEFAULT_CACHE_BYTES);
    }

    /** The JPEG 2000 file of {@code band} at 10 m that the metadata lists (L2A: ..._B02_10m; L1C: ..._B02). */
    private static Path bandFile(Path metadata, Path folder, NodeList images, String band) {
        for (int i = 0; i < images.getLength(); i++) {
            String name = images.item(i).getTextContent().strip();
            if (name.endsWith("_" + band + "_10m") || name.endsWith("_" + band)) {
                Path file = folder.resolve(name + ".jp2").normalize();
                if (!file.startsWith(folder)) {
                    throw new InvalidInputException(Place.in(metadata, "IMAGE_FILE"), "\"" + name + "\" lies outside the product");
                }
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException(Place.in(metadata, "IMAGE_FILE"), "\"" + name + "\": no such file (" + file + ")");
                }
                return file;
            }
        }
        throw new InvalidInputException(Place.in(metadata, "IMAGE_FILE"), "no " + band + " band at 10 m is listed; ecdkit reads a "
                + "product's 10 m bands B02, B03, B04 and B08");
    }
}
