package org.ecdkit.raster.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.gdal.PamDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TIFF that says nothing of where it lies or what its nodata is, with GDAL's sidecars saying it:
 * its PAM file ({@code .aux.xml}: geotransform, SRS, nodata) and a world file ({@code .tfw}), as GDAL
 * writes them for {@code PROFILE=BASELINE}. ecdkit reads them as GDAL does; gdalinfo is the truth.
 */
class SidecarGeoreferenceTest {

    @TempDir
    Path dir;

    private Path baseline() throws Exception {
        Gdal.require();
        Path source = GeoTiffFixture.of(40, 30, 2, SampleType.UINT8, (x, y, b) -> x + y).epsg(32611, 500000, 4100000, 0.5)
                .write(dir.resolve("source.tif"));
        return Gdal.translate(source, dir.resolve("baseline.tif"), "-a_nodata", "7", "-co", "PROFILE=BASELINE", "-co", "TFW=YES");
    }

    @Test
    void theTransformCrsAndNodataOfGdalsPamSidecarAreRead() throws Exception {
        Path tif = baseline();
        assertTrue(Files.exists(dir.resolve("baseline.tif.aux.xml")) && Files.exists(dir.resolve("baseline.tfw")));
        String info = Gdal.run("gdalinfo", tif.toString());
        assertTrue(info.contains("Origin = (500000.000000000000000,4100000.000000000000000)") && info.contains("NoData Value=7"), info);
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            GeoTransform transform = source.geoReference().transform().orElseThrow();
            assertEquals(500000, transform.originX(), 1e-9);
            assertEquals(4100000, transform.originY(), 1e-9);
            assertEquals(0.5, transform.pixelWidth(), 1e-12);
            assertEquals(-0.5, transform.pixelHeight(), 1e-12);
            CoordinateSystem crs = source.geoReference().crs().orElseThrow();
            assertEquals(OptionalInt.of(32611), crs.epsg());
            assertEquals(CoordinateSystem.Kind.PROJECTED, crs.kind());
            assertEquals(7, source.nodata().orElseThrow(), 0);
            assertTrue(source.geoReference().geoTiffTags().isEmpty(), "nothing from the TIFF itself");
        }
    }

    @Test
    void aWorldFileAlonePlacesTheRasterFromItsFirstPixelsCentre() throws Exception {
        Path tif = baseline();
        Files.delete(dir.resolve("baseline.tif.aux.xml"));
        String info = Gdal.run("gdalinfo", tif.toString());
        assertTrue(info.contains("Origin = (500000.000000000000000,4100000.000000000000000)"), info);
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            GeoTransform transform = source.geoReference().transform().orElseThrow();
            assertEquals(500000, transform.originX(), 1e-9);
            assertEquals(4100000, transform.originY(), 1e-9);
            assertTrue(source.geoReference().crs().isEmpty(), "a world file has no CRS");
            assertTrue(source.nodata().isEmpty());
        }
        // Upper case, as Windows tools write it, and with the .wld spelling.
        Files.move(dir.resolve("baseline.tfw"), dir.resolve("baseline.WLD"));
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            assertEquals(500000, source.geoReference().transform().orElseThrow().originX(), 1e-9);
        }
    }

    @Test
    void hostileOrBrokenSidecarsAreRefusedInOneLineNamingThem() throws Exception {
        Path tif = GeoTiffFixture.of(8, 8, 1, SampleType.UINT8, (x, y, b) -> x).write(dir.resolve("plain.tif"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "1.0");
        Path aux = dir.resolve("plain.tif.aux.xml");
        Files.writeString(aux, "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file://" + secret + "\">]>"
                + "<PAMDataset><PAMRasterBand band=\"1\"><NoDataValue>&x;</NoDataValue></PAMRasterBand></PAMDataset>");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> GeoTiffSource.open(tif));
        assertTrue(e.getMessage().startsWith(aux + ": not well-formed XML") && e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));

        Files.writeString(aux, "<PAMDataset><GeoTransform>1, 2, 3</GeoTransform></PAMDataset>");
        e = assertThrows(InvalidInputException.class, () -> GeoTiffSource.open(tif));
        assertTrue(e.getMessage().contains("GeoTransform") && e.getMessage().contains("expected 6 numbers, found 3"), e.getMessage());

        Files.writeString(aux, "<PAMDataset>" + " ".repeat(PamDataset.MAX_BYTES) + "</PAMDataset>");
        e = assertThrows(InvalidInputException.class, () -> GeoTiffSource.open(tif));
        assertTrue(e.getMessage().contains("larger than 16 MiB") && e.getMessage().contains("move it aside"), e.getMessage());
        Files.delete(aux);

        Path world = Files.writeString(dir.resolve("plain.tfw"), "0.5\n0\n0\n-0.5\nfive hundred thousand\n4100000\n");
        e = assertThrows(InvalidInputException.class, () -> GeoTiffSource.open(tif));
        assertTrue(e.getMessage().startsWith(world + ": line 5: \"five hundred thousand\" is not a number"), e.getMessage());
    }

    @Test
    void rpcCoefficientsAreReadInTheTagsOrder() throws Exception {
        Gdal.require();
        Path vrt = Files.writeString(dir.resolve("rpc.vrt"), "<VRTDataset rasterXSize=\"8\" rasterYSize=\"6\">"
                + "<Metadata domain=\"RPC\"><MDI key=\"LINE_OFF\">3</MDI><MDI key=\"SAMP_OFF\">4</MDI>"
                + "<MDI key=\"LAT_OFF\">40.5</MDI><MDI key=\"LONG_OFF\">-105.25</MDI><MDI key=\"HEIGHT_OFF\">1500</MDI>"
                + "<MDI key=\"LINE_SCALE\">3</MDI><MDI key=\"SAMP_SCALE\">4</MDI><MDI key=\"LAT_SCALE\">0.01</MDI>"
                + "<MDI key=\"LONG_SCALE\">0.01</MDI><MDI key=\"HEIGHT_SCALE\">500</MDI>"
                + "<MDI key=\"LINE_NUM_COEFF\">0 0 -1" + " 0".repeat(17) + "</MDI><MDI key=\"LINE_DEN_COEFF\">1" + " 0".repeat(19)
                + "</MDI><MDI key=\"SAMP_NUM_COEFF\">0 1" + " 0".repeat(18) + "</MDI><MDI key=\"SAMP_DEN_COEFF\">1"
                + " 0".repeat(19) + "</MDI></Metadata><VRTRasterBand dataType=\"Byte\" band=\"1\"/></VRTDataset>");
        Path tif = Gdal.translate(vrt, dir.resolve("rpc.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            double[] rpc = source.geoReference().rpc().orElseThrow().values();
            // ERR_BIAS, ERR_RAND (GDAL writes -1 for unknown), LINE_OFF, SAMP_OFF, LAT_OFF, LONG_OFF, HEIGHT_OFF, ...
            assertEquals(3, rpc[2], 0);
            assertEquals(4, rpc[3], 0);
            assertEquals(40.5, rpc[4], 0);
            assertEquals(-105.25, rpc[5], 0);
            assertEquals(500, rpc[11], 0);
            assertEquals(-1, rpc[12 + 2], 0, "the line numerator's third coefficient");
            assertEquals(1, rpc[12 + 40 + 1], 0, "the sample numerator's second coefficient");
        }
    }
}
