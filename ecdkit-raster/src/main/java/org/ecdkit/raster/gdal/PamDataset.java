package org.ecdkit.raster.gdal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoTransform;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What GDAL keeps of a raster in its PAM sidecar ({@code RASTER.aux.xml}) that ecdkit reads where the
 * raster itself says nothing: the geotransform ({@code <GeoTransform>}), the coordinate system
 * ({@code <SRS>}, WKT) and band 1's nodata value ({@code <PAMRasterBand band="1"><NoDataValue>}). GDAL
 * writes them there when a format cannot hold them, e.g. a TIFF written with {@code PROFILE=BASELINE}.
 *
 * <p>The file is untrusted XML: read whole only up to {@link #MAX_BYTES}, with no DTD and no external
 * entity (no file is ever read, nor URL fetched, on the file's say-so).
 */
public record PamDataset(Optional<GeoTransform> transform, Optional<CoordinateSystem> crs, OptionalDouble nodata) {

    public static final int MAX_BYTES = 16 << 20;
    private static final PamDataset NONE = new PamDataset(Optional.empty(), Optional.empty(), OptionalDouble.empty());

    /** The sidecar of {@code raster}, read; empty where there is none. */
    public static PamDataset besides(Path raster) {
        Path sidecar = AuxXml.sidecarOf(raster);
        if (!Files.isRegularFile(sidecar)) {
            return NONE;
        }
        return read(sidecar);
    }

    static PamDataset read(Path sidecar) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(sidecar)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            return NONE; // GDAL too goes on without a PAM file it cannot read.
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(Place.of(sidecar), "larger than " + (MAX_BYTES >> 20) + " MiB, more GDAL metadata "
                    + "than ecdkit reads; move it aside to read the raster without it");
        }
        Element root = GdalXml.parse(sidecar, bytes).getDocumentElement();
        if (!root.getTagName().equals("PAMDataset")) {
            return NONE;
        }
        Optional<GeoTransform> transform = GdalXml.child(root, "GeoTransform").map(text -> GdalXml.transform(sidecar, text));
        Optional<CoordinateSystem> crs = GdalXml.child(root, "SRS").filter(s -> !s.isBlank()).map(GdalXml::coordinateSystem);
        OptionalDouble nodata = OptionalDouble.empty();
        NodeList bands = root.getElementsByTagName("PAMRasterBand");
        for (int i = 0; i < bands.getLength(); i++) {
            Element band = (Element) bands.item(i);
            if ("1".equals(band.getAttribute("band"))) {
                Optional<String> value = GdalXml.child(band, "NoDataValue");
                if (value.isPresent()) {
                    nodata = OptionalDouble.of(GdalXml.number(sidecar, "PAMRasterBand.NoDataValue", value.get()));
                }
            }
        }
        return new PamDataset(transform, crs, nodata);
    }
}
