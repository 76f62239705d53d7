package org.ecdkit.raster.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GeoTiffSourceTest {

    static final int WIDTH = 301;
    static final int HEIGHT = 170;
    static final int BANDS = 3;

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        List<Arguments> all = new ArrayList<>();
        for (SampleType type : SampleType.values()) {
            for (boolean tiled : new boolean[] {false, true}) {
                for (boolean planes : new boolean[] {false, true}) {
                    for (boolean deflate : new boolean[] {false, true}) {
                        // Byte order and BigTIFF alternate so every combination of the others meets both.
                        boolean bigEndian = (type.ordinal() + (tiled ? 1 : 0)) % 2 == 0;
                        boolean bigTiff = (type.ordinal() + (planes ? 1 : 0) + (deflate ? 1 : 0)) % 3 == 0;
                        all.add(Arguments.of(type, tiled, planes, deflate, bigEndian, bigTiff));
                    }
                }
            }
        }
        return all.stream();
    }

    static float expected(int x, int y, int band, SampleType type) {
        return (float) GeoTiffFixture.pattern(x, y, band, type);
    }

    static void assertWindow(RasterSource source, Window window, int[] bands, SampleType type) {
        float[] values = new float[bands.length * (int) window.pixels()];
        source.read(window, bands, values);
        for (int b = 0; b < bands.length; b++) {
            for (int y = 0; y < window.height(); y++) {
                for (int x = 0; x < window.width(); x++) {
                    float got = values[(int) (b * window.pixels() + y * window.width() + x)];
                    float want = expected(window.x() + x, window.y() + y, bands[b], type);
                    if (got != want) {
                        throw new AssertionError("band " + bands[b] + " at (" + (window.x() + x) + ", " + (window.y() + y)
                                + ") of " + window + ": " + got + ", expected " + want);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} tiled={1} planes={2} deflate={3} bigEndian={4} bigTiff={5}")
    @MethodSource("layouts")
    void everyLayoutReadsBackItsPattern(SampleType type, boolean tiled, boolean planes, boolean deflate,
            boolean bigEndian, boolean bigTiff) throws Exception {
        GeoTiffFixture fixture = GeoTiffFixture.of(WIDTH, HEIGHT, BANDS, type, (x, y, b) -> GeoTiffFixture.pattern(x, y, b, type));
        fixture = tiled ? fixture.tiled(64) : fixture.strips(7);
        if (planes) {
            fixture.bandInterleaved();
        }
        if (deflate) {
            fixture.deflate();
        }
        if (bigEndian) {
            fixture.bigEndian();
        }
        if (bigTiff) {
            fixture.bigTiff();
        }
        Path file = fixture.write(dir.resolve("in.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(file)) {
            assertEquals(WIDTH, source.width());
            assertEquals(HEIGHT, source.height());
            assertEquals(BANDS, source.bandCount());
            assertEquals(type, source.sampleType());
            assertWindow(source, source.bounds(), new int[] {0, 1, 2}, type);
            Random random = new Random(type.ordinal());
            for (int i = 0; i < 20; i++) {
                int x = random.nextInt(WIDTH);
                int y = random.nextInt(HEIGHT);
                Window window = new Window(x, y, 1 + random.nextInt(WIDTH - x), 1 + random.nextInt(HEIGHT - y));
                assertWindow(source, window, new int[] {2, 0}, type);
            }
        }
    }

    @Test
    void theFixtureWriterAgreesWithGdal() throws Exception {
        Path file = GeoTiffFixture.of(WIDTH, HEIGHT, BANDS, SampleType.UINT16, (x, y, b) -> GeoTiffFixture.pattern(x, y, b, SampleType.UINT16))
                .tiled(64).deflate().epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("fixture.tif"));
        for (int[] at : new int[][] {{0, 0}, {300, 169}, {65, 129}}) {
            double[] gdal = Gdal.pixel(file, at[0], at[1]);
            for (int b = 0; b < BANDS; b++) {
                assertEquals(expected(at[0], at[1], b, SampleType.UINT16), gdal[b], 0);
            }
        }
    }

    /**
     * A PixelIsPoint raster (GDAL's AREA_OR_POINT=Point) ties the centre of pixel (0, 0) to the tiepoint;
     * its geotransform, as GDAL reports it, is to the pixel's corner, half a pixel back.
     */
    @Test
    void aPixelIsPointRasterIsPlacedAsGdalPlacesIt() throws Exception {
        Gdal.require();
        Path area = GeoTiffFixture.of(40, 30, 1, SampleType.UINT8, (x, y, b) -> x).epsg(32611, 500000, 4100000, 0.5)
                .write(dir.resolve("area.tif"));
        Path point = Gdal.translate(area, dir.resolve("point.tif"), "-mo", "AREA_OR_POINT=Point");
        assertTrue(Gdal.run("gdalinfo", point.toString()).contains("AREA_OR_POINT=Point"));
        assertTrue(Gdal.run("gdalinfo", point.toString()).contains("Origin = (500000.000000000000000,4100000.000000000000000)"));
        try (GeoTiffSource source = GeoTiffSource.open(point)) {
            GeoTransform transform = source.geoReference().transform().orElseThrow();
            assertEquals(500000, transform.originX(), 1e-9);
            assertEquals(4100000, transform.originY(), 1e-9);
            assertEquals(0.5, transform.pixelWidth(), 1e-12);
            // The file's own tiepoint is the centre's, a quarter metre in: the shift is real, not a no-op.
            double[] tiepoint = source.geoReference().geoTiffTags().orElseThrow().tiepoints();
            assertEquals(500000.25, tiepoint[3], 1e-9);
        }
    }

    @Test
    void anAlphaBandIsKnownByItsExtraSamplesTag() throws Exception {
        Gdal.require();
        Path four = GeoTiffFixture.of(16, 8, 4, SampleType.UINT8, (x, y, b) -> x).write(dir.resolve("four.tif"));
        try (GeoTiffSource plain = GeoTiffSource.open(four)) {
            assertTrue(plain.alphaBand().isEmpty(), "four bands, none of them alpha");
        }
        Path rgba = Gdal.translate(four, dir.resolve("rgba.tif"), "-co", "ALPHA=YES", "-co", "PHOTOMETRIC=RGB");
        try (GeoTiffSource source = GeoTiffSource.open(rgba)) {
            assertEquals(java.util.OptionalInt.of(3), source.alphaBand());
        }
    }

    /** Samples of 1 to 31 bits packed across bytes (GDAL's NBITS), strips and tiles, raw and compressed. */
    @ParameterizedTest(name = "{0} NBITS={1} {2}")
    @CsvSource(delimiter = '|', value = {
        "Byte|1|-co COMPRESS=NONE", "Byte|4|-co TILED=YES -co COMPRESS=DEFLATE", "Byte|7|-co INTERLEAVE=BAND",
        "UInt16|12|-co COMPRESS=LZW", "UInt16|12|-co TILED=YES -co BLOCKXSIZE=48 -co BLOCKYSIZE=32",
        "UInt16|9|-co ENDIANNESS=BIG", "UInt32|20|-co COMPRESS=ZSTD", "UInt32|31|-co TILED=YES"})
    void packedSamplesOfAnyBitDepthReadAsWritten(String gdalType, int bits, String options) throws Exception {
        Gdal.require();
        SampleType type = java.util.Arrays.stream(SampleType.values()).filter(t -> t.gdalName().equals(gdalType)).findFirst()
                .orElseThrow();
        long modulus = 1L << bits;
        Path plain = GeoTiffFixture.of(101, 37, 2, type, (x, y, b) -> (x * 7919L + y * 104729L + b * 31L) % modulus)
                .write(dir.resolve("plain.tif"));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-co", "NBITS=" + bits));
        args.addAll(java.util.List.of(options.split(" ")));
        Path packed = Gdal.translate(plain, dir.resolve("packed.tif"), args.toArray(String[]::new));
        assertTrue(Gdal.run("gdalinfo", packed.toString()).contains("NBITS=" + bits));
        try (GeoTiffSource source = GeoTiffSource.open(packed)) {
            float[] values = new float[2 * 101 * 37];
            source.read(source.bounds(), new int[] {0, 1}, values);
            for (int b = 0; b < 2; b++) {
                for (int y = 0; y < 37; y++) {
                    for (int x = 0; x < 101; x++) {
                        assertEquals((float) ((x * 7919L + y * 104729L + b * 31L) % modulus), values[b * 101 * 37 + y * 101 + x],
                                "(" + x + ", " + y + ") band " + b);
                    }
                }
            }
        }
    }

    static Stream<Arguments> gdalEncodings() {
        return Stream.of(
                Arguments.of("Byte", new String[] {"-co", "COMPRESS=LZW"}),
                Arguments.of("UInt16", new String[] {"-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"}),
                Arguments.of("Int16", new String[] {"-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", "-co", "TILED=YES"}),
                Arguments.of("Byte", new String[] {"-co", "COMPRESS=PACKBITS", "-co", "INTERLEAVE=BAND"}),
                Arguments.of("Float32", new String[] {"-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"}),
                Arguments.of("Float32", new String[] {"-co", "COMPRESS=LZW", "-co", "PREDICTOR=3", "-co", "TILED=YES",
                    "-co", "BLOCKXSIZE=32", "-co", "BLOCKYSIZE=48"}),
                Arguments.of("UInt32", new String[] {"-co", "COMPRESS=LZW", "-co", "TILED=YES", "-co", "BIGTIFF=YES",
                    "-co", "INTERLEAVE=BAND"}),
                Arguments.of("UInt16", new String[] {"-co", "COMPRESS=PACKBITS", "-co", "TILED=YES", "-co", "ENDIANNESS=BIG"}),
                Arguments.of("Byte", new String[] {"-co", "COMPRESS=ZSTD", "-co", "TILED=YES"}),
                Arguments.of("UInt16", new String[] {"-co", "COMPRESS=ZSTD", "-co", "PREDICTOR=2", "-co", "ZSTD_LEVEL=19"}),
                Arguments.of("Float32", new String[] {"-co", "COMPRESS=ZSTD", "-co", "PREDICTOR=3", "-co", "TILED=YES",
                    "-co", "INTERLEAVE=BAND"}),
                Arguments.of("Byte", new String[] {"-co", "COMPRESS=LZMA"}),
                Arguments.of("Int16", new String[] {"-co", "COMPRESS=LZMA", "-co", "PREDICTOR=2", "-co", "TILED=YES",
                    "-co", "LZMA_PRESET=9", "-co", "ENDIANNESS=BIG"}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gdalEncodings")
    void filesEncodedByGdalReadBackTheirPattern(String gdalType, String[] options) throws Exception {
        Gdal.require();
        SampleType type = java.util.Arrays.stream(SampleType.values()).filter(t -> t.gdalName().equals(gdalType)).findFirst().orElseThrow();
        Path plain = GeoTiffFixture.of(WIDTH, HEIGHT, BANDS, type, (x, y, b) -> GeoTiffFixture.pattern(x, y, b, type))
                .epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("plain.tif"));
        Path encoded = Gdal.translate(plain, dir.resolve("encoded.tif"), options);
        try (GeoTiffSource source = GeoTiffSource.open(encoded)) {
            assertWindow(source, source.bounds(), new int[] {0, 1, 2}, type);
            assertWindow(source, new Window(33, 47, 100, 61), new int[] {1}, type);
        }
    }

    @Test
    void georeferencingNodataAndBandNamesAreRead() throws Exception {
        Path file = GeoTiffFixture.of(40, 30, 4, SampleType.UINT8, (x, y, b) -> x)
                .epsg(32611, 500000, 4100000, 0.6).nodata("0").descriptions("Red", "Green", "Blue", "NIR")
                .write(dir.resolve("geo.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(file)) {
            assertArrayEquals(new double[] {500000, 0.6, 0, 4100000, 0, -0.6}, source.geoReference().transform().orElseThrow().coefficients(), 1e-9);
            assertEquals("EPSG:32611", source.geoReference().crs().orElseThrow().name());
            assertEquals(32611, source.geoReference().crs().orElseThrow().epsg().getAsInt());
            assertEquals(0.0, source.nodata().getAsDouble());
            assertEquals(List.of("Red", "Green", "Blue", "NIR"), source.bandDescriptions());
        }
        String info = Gdal.run("gdalinfo", file.toString());
        assertTrue(info.contains("NoData Value=0"), info);
        assertTrue(info.contains("Description = NIR"), info);
    }
}
