package org.ecdkit.raster.sentinel2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sentinel-2 L2A product laid out as ESA delivers it (metadata listing 10, 20 and 60 m band files;
 * each band a JPEG 2000 file with GMLJP2 only), its band files written by GDAL: the folder, or its
 * metadata file, reads as the stack of B02, B03, B04 and B08.
 */
class SafeProductTest {

    static final int SIDE = 120;

    @TempDir
    Path dir;

    Path product() throws Exception {
        Path safe = dir.resolve("S2B_MSIL2A_20240601T101559_N0510_R065_T32TQM_20240601T120000.SAFE");
        String granule = "GRANULE/L2A_T32TQM_A037000_20240601T101559/IMG_DATA";
        Path r10 = Files.createDirectories(safe.resolve(granule).resolve("R10m"));
        StringBuilder files = new StringBuilder();
        for (String band : List.of("B02", "B03", "B04", "B08", "TCI")) {
            int seed = band.hashCode();
            Path plain = GeoTiffFixture.of(SIDE, SIDE, 1, SampleType.UINT16, (x, y, b) -> (x * 31 + y * 17 + seed) % 12000)
                    .write(dir.resolve(band + ".tif"));
            Gdal.translate(plain, r10.resolve("T32TQM_20240601T101559_" + band + "_10m.jp2"), "-a_srs", "EPSG:32632", "-a_ullr",
                    "600000", "5100000", Integer.toString(600000 + 10 * SIDE), Integer.toString(5100000 - 10 * SIDE), "-of", "JP2OpenJPEG",
                    "-co", "GMLJP2=YES", "-co", "GeoJP2=NO", "-co", "REVERSIBLE=YES", "-co", "QUALITY=100");
            files.append("<IMAGE_FILE>").append(granule).append("/R10m/T32TQM_20240601T101559_").append(band).append("_10m</IMAGE_FILE>");
        }
        files.append("<IMAGE_FILE>").append(granule).append("/R20m/T32TQM_20240601T101559_B05_20m</IMAGE_FILE>");
        Files.writeString(safe.resolve("MTD_MSIL2A.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<n1:Level-2A_User_Product "
                + "xmlns:n1=\"https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd\"><n1:General_Info><Product_Info>"
                + "<Product_Organisation><Granule_List><Granule granuleIdentifier=\"x\" imageFormat=\"JPEG2000\">" + files
                + "</Granule></Granule_List></Product_Organisation></Product_Info></n1:General_Info></n1:Level-2A_User_Product>\n");
        return safe;
    }

    @Test
    void theProductReadsAsTheStackOfItsTenMetreBands() throws Exception {
        Gdal.require();
        Path safe = product();
        for (Path given : List.of(safe, safe.resolve("MTD_MSIL2A.xml"))) {
            try (RasterSource source = RasterSources.open(given)) {
                assertEquals(4, source.bandCount());
                assertEquals(List.of("B02 (blue)", "B03 (green)", "B04 (red)", "B08 (near infrared)"), source.bandDescriptions());
                assertEquals(SampleType.UINT16, source.sampleType());
                assertEquals(0.0, source.nodata().getAsDouble());
                assertEquals("EPSG:32632", source.geoReference().crs().orElseThrow().name());
                assertArrayEquals(new double[] {600000, 10, 0, 5100000, 0, -10}, source.geoReference().transform().orElseThrow()
                        .coefficients(), 1e-9);
                List<String> order = List.of("B02", "B03", "B04", "B08");
                for (int b = 0; b < 4; b++) {
                    Path file = Files.list(safe.resolve("GRANULE")).findFirst().orElseThrow().resolve("IMG_DATA/R10m")
                            .resolve("T32TQM_20240601T101559_" + order.get(b) + "_10m.jp2");
                    float[] values = new float[SIDE * SIDE];
                    source.read(new Window(0, 0, SIDE, SIDE), new int[] {b}, values);
                    assertArrayEquals(Gdal.values(file), values, order.get(b));
                }
            }
        }
    }

    @Test
    void aProductWithoutOneOfItsBandsIsRefusedNamingIt() throws Exception {
        Gdal.require();
        Path safe = product();
        Path metadata = safe.resolve("MTD_MSIL2A.xml");
        Files.writeString(metadata, Files.readString(metadata).replace("_B08_10m<", "_B08_20m<"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RasterSources.open(safe).close());
        assertTrue(e.getMessage().contains("IMAGE_FILE: no B08 band at 10 m is listed"), e.getMessage());
    }
}
