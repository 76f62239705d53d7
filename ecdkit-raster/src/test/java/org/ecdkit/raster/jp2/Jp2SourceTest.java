package org.ecdkit.raster.jp2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.fixture.RasterValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JPEG 2000 written by GDAL (OpenJPEG): ecdkit's values against GDAL's decoding of the same file. */
class Jp2SourceTest {

    static final int WIDTH = 333;
    static final int HEIGHT = 250;

    /**
     * How far a value of a lossy (irreversible 9/7 wavelet) JPEG 2000 file may be from OpenJPEG's:
     * JJ2000 and OpenJPEG run the inverse transform in floating point with their own rounding.
     * Reversible (lossless) files must match exactly.
     */
    static final int LOSSY_TOLERANCE = 1;

    @TempDir
    Path dir;

    static double scene(int x, int y, int band, SampleType type) {
        double smooth = 0.5 + 0.35 * Math.sin(x / 23.0 + band) * Math.cos(y / 31.0 - band) + ((x / 40 + y / 40) % 2 == 0 ? 0.1 : -0.1);
        double range = type == SampleType.UINT8 ? 255 : 10000;
        return Math.round(smooth * range + ((x * 7919L + y * 104729L + band * 13L) % 17) - 8);
    }

    Path plain(int bands, SampleType type) throws Exception {
        return GeoTiffFixture.of(WIDTH, HEIGHT, bands, type, (x, y, b) -> scene(x, y, b, type))
                .epsg(32632, 600000, 5100000, 10).write(dir.resolve("plain.tif"));
    }

    @ParameterizedTest(name = "{0} bands of {1}, {2}")
    @CsvSource(delimiter = '|', value = {
        "3|UINT8|-co REVERSIBLE=YES -co QUALITY=100 -co BLOCKXSIZE=128 -co BLOCKYSIZE=96|0",
        "1|UINT16|-co REVERSIBLE=YES -co QUALITY=100 -co BLOCKXSIZE=256 -co BLOCKYSIZE=256|0",
        "4|UINT16|-co REVERSIBLE=YES -co QUALITY=100|0",
        "3|UINT8|-co QUALITY=30 -co BLOCKXSIZE=128 -co BLOCKYSIZE=128|LOSSY",
        "1|UINT16|-co QUALITY=20|LOSSY"})
    void valuesAndGeoreferencingAreGdals(int bands, SampleType type, String options, String tolerance) throws Exception {
        Gdal.require();
        Path jp2 = dir.resolve("image.jp2");
        String[] args = ("-of JP2OpenJPEG " + options).split(" ");
        Gdal.translate(plain(bands, type), jp2, args);
        float[] gdal = Gdal.values(jp2);
        try (RasterSource source = RasterSources.open(jp2)) {
            assertTrue(source instanceof Jp2Source, source.getClass().getName());
            assertEquals(WIDTH, source.width());
            assertEquals(HEIGHT, source.height());
            assertEquals(bands, source.bandCount());
            assertEquals(type, source.sampleType());
            assertEquals("EPSG:32632", source.geoReference().crs().orElseThrow().name());
            assertArrayEquals(new double[] {600000, 10, 0, 5100000, 0, -10}, source.geoReference().transform().orElseThrow().coefficients(),
                    1e-9);
            float[] ours = RasterValues.all(source);
            float worst = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - gdal[i]));
            }
            assertTrue(worst <= (tolerance.equals("0") ? 0 : LOSSY_TOLERANCE), "values differ from GDAL's by up to " + worst);
            Window window = new Window(101, 77, 150, 120);
            float[] part = new float[(int) window.pixels()];
            source.read(window, new int[] {bands - 1}, part);
            int plane = WIDTH * HEIGHT;
            for (int y = 0; y < window.height(); y++) {
                for (int x = 0; x < window.width(); x++) {
                    assertEquals(ours[(bands - 1) * plane + (window.y() + y) * WIDTH + window.x() + x], part[y * window.width() + x]);
                }
            }
        }
    }

    @Test
    void aBareCodestreamTakesItsGeoreferencingFromGdalsSidecar() throws Exception {
        Gdal.require();
        Path j2k = Gdal.translate(plain(1, SampleType.UINT8), dir.resolve("image.j2k"), "-of", "JP2OpenJPEG", "-co", "CODEC=J2K",
                "-co", "REVERSIBLE=YES", "-co", "QUALITY=100");
        // A codestream has no boxes: GDAL keeps its georeferencing in IN.j2k.aux.xml.
        assertTrue(Files.exists(dir.resolve("image.j2k.aux.xml")));
        try (RasterSource source = RasterSources.open(j2k)) {
            assertEquals("EPSG:32632", source.geoReference().crs().orElseThrow().name());
            assertArrayEquals(new double[] {600000, 10, 0, 5100000, 0, -10}, source.geoReference().transform().orElseThrow().coefficients(),
                    1e-9);
            assertArrayEquals(Gdal.values(j2k), RasterValues.all(source));
        }
    }

    /**
     * GMLJP2 alone (no GeoJP2 box), as Sentinel-2 band files carry their georeferencing: the
     * RectifiedGrid's origin is pixel (0, 0)'s centre, and an EPSG geographic system gives latitude
     * first; both read as gdalinfo reports them.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"EPSG:32632|600000 5100000 603330 5097500|600000, 10, 0, 5100000, 0, -10",
        "EPSG:4326|10 50 10.333 49.75|10, 0.001, 0, 50, 0, -0.001"})
    void gmlJp2AloneGivesTheTransformGdalReports(String srs, String corners, String expected) throws Exception {
        Gdal.require();
        Path plain = GeoTiffFixture.of(WIDTH, HEIGHT, 1, SampleType.UINT8, (x, y, b) -> (x + y) % 200).write(dir.resolve("plain.tif"));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-a_srs", srs, "-a_ullr"));
        args.addAll(java.util.List.of(corners.split(" ")));
        args.addAll(java.util.List.of("-of", "JP2OpenJPEG", "-co", "GMLJP2=YES", "-co", "GeoJP2=NO", "-co", "REVERSIBLE=YES"));
        Path jp2 = Gdal.translate(plain, dir.resolve("gml.jp2"), args.toArray(String[]::new));
        assertTrue(Files.notExists(dir.resolve("gml.jp2.aux.xml")), "the georeferencing is in the file, not a sidecar");
        String info = Gdal.run("gdalinfo", jp2.toString());
        double[] want = java.util.Arrays.stream(expected.split(",")).mapToDouble(v -> Double.parseDouble(v.strip())).toArray();
        assertTrue(info.contains("ID[\"EPSG\"," + srs.substring(5) + "]]"), info);
        try (RasterSource source = RasterSources.open(jp2)) {
            assertEquals(srs, source.geoReference().crs().orElseThrow().name());
            double[] got = source.geoReference().transform().orElseThrow().coefficients();
            for (int i = 0; i < 6; i++) {
                assertEquals(want[i], got[i], Math.abs(want[i]) * 1e-9 + 1e-9, "coefficient " + i + " of " + java.util.Arrays.toString(got));
            }
        }
    }

    @Test
    void aFileCutShortMidCodestreamIsRefusedWhenOpened() throws Exception {
        Gdal.require();
        Path jp2 = Gdal.translate(plain(3, SampleType.UINT8), dir.resolve("image.jp2"), "-of", "JP2OpenJPEG");
        byte[] bytes = Files.readAllBytes(jp2);
        Path cut = Files.write(dir.resolve("cut.jp2"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RasterSources.open(cut).close());
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated?"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        Path j2k = Gdal.translate(plain(1, SampleType.UINT8), dir.resolve("image.j2k"), "-of", "JP2OpenJPEG", "-co", "CODEC=J2K");
        byte[] stream = Files.readAllBytes(j2k);
        Path cutStream = Files.write(dir.resolve("cut.j2k"), Arrays.copyOf(stream, stream.length - 100));
        e = assertThrows(InvalidInputException.class, () -> RasterSources.open(cutStream).close());
        assertTrue(e.getMessage().contains("end-of-codestream marker (FFD9): truncated?"), e.getMessage());
    }
}
