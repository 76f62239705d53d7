package org.ecdkit.raster.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import org.ecdkit.raster.ColorEntry;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.gdal.AuxXml;
import org.ecdkit.raster.gdal.RasterAttributeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifiedTiffWriterTest {

    static final int WIDTH = 300;
    static final int HEIGHT = 200;
    static final int TILE = 64;

    @TempDir
    Path dir;

    /** The value written at (x, y): class values 100 and 200 in stripes, nodata 0 in the top-left corner. */
    static int value(int x, int y, long high) {
        if (x < 10 && y < 10) {
            return 0;
        }
        return (x / 7 + y / 5) % 2 == 0 ? 100 : (int) high;
    }

    private GeoReference geo() throws Exception {
        Path in = GeoTiffFixture.of(8, 8, 1, SampleType.UINT8, (x, y, b) -> 0).epsg(32611, 500000, 4100000, 0.5)
                .write(dir.resolve("geo.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(in)) {
            return source.geoReference();
        }
    }

    private Path write(SampleType type, long high, boolean bigTiff, boolean reverseOrder) throws Exception {
        Path out = dir.resolve("classified.tif");
        ClassifiedTiffWriter.Spec spec = new ClassifiedTiffWriter.Spec(WIDTH, HEIGHT, type, TILE,
                List.of(new ColorEntry(100, 204, 204, 204), new ColorEntry(high, 56, 168, 0)), geo());
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); ClassifiedTiffWriter writer = new ClassifiedTiffWriter(channel, spec, bigTiff, dir)) {
            int tiles = spec.tilesAcross() * spec.tilesDown();
            for (int k = 0; k < tiles; k++) {
                int index = reverseOrder ? tiles - 1 - k : k;
                int column = index % spec.tilesAcross();
                int row = index / spec.tilesAcross();
                int[] values = new int[TILE * TILE];
                for (int y = 0; y < TILE; y++) {
                    for (int x = 0; x < TILE; x++) {
                        values[y * TILE + x] = value(column * TILE + x, row * TILE + y, high);
                    }
                }
                writer.writeTile(column, row, values);
            }
            writer.finish(OptionalLong.of(0), null);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} bigTiff={2}")
    @CsvSource({"UINT8, 200, false", "UINT16, 60000, false", "UINT32, 4000000000, false", "UINT8, 200, true"})
    void tilesWrittenInAnyOrderReadBackWithOurReaderAndGdal(SampleType type, long high, boolean bigTiff) throws Exception {
        Path out = write(type, high, bigTiff, true);
        try (GeoTiffSource source = GeoTiffSource.open(out)) {
            assertEquals(type, source.sampleType());
            float[] values = new float[WIDTH * HEIGHT];
            source.read(new Window(0, 0, WIDTH, HEIGHT), new int[] {0}, values);
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    assertEquals((float) (value(x, y, high) & 0xFFFF_FFFFL), values[y * WIDTH + x], "(" + x + ", " + y + ")");
                }
            }
        }
        for (int[] at : new int[][] {{7, 11}, {299, 199}, {3, 3}, {150, 64}}) {
            assertEquals(value(at[0], at[1], high) & 0xFFFF_FFFFL, (long) Gdal.pixel(out, at[0], at[1])[0]);
        }
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("Size is 300, 200"), info);
        assertTrue(info.contains("Origin = (500000.000000000000000,4100000.000000000000000)"), info);
        assertTrue(info.contains("Pixel Size = (0.500000000000000,-0.500000000000000)"), info);
        assertTrue(info.contains("ID[\"EPSG\",32611]"), info);
        assertTrue(info.contains("NoData Value=0"), info);
        assertTrue(info.contains("Block=64x64 Type=" + type.gdalName()), info);
        assertTrue(info.contains("COMPRESSION=DEFLATE"), info);
        if (type != SampleType.UINT32) {
            assertTrue(info.contains("ColorInterp=Palette"), info);
            assertTrue(info.contains("100: 204,204,204,255"), info);
            assertTrue(info.contains(high + ": 56,168,0,255"), info);
        }
    }

    /**
     * Every directory ends with the offset of the next one, 0 after the last (TIFF 6.0, section 2;
     * BigTIFF: 8 bytes). GDAL and the JDK's TIFF reader read a file without it; GeoTools' reader, and
     * so Apache Sedona, refuses it ("Couldn't seek!"). The chain here is the image's directory then
     * its overviews'. The JDK's reader is a second reader of the pixels.
     */
    @ParameterizedTest(name = "bigTiff={0}")
    @CsvSource({"false", "true"})
    void theDirectoriesChainToAFinalNextDirectoryOffsetOfZero(boolean bigTiff) throws Exception {
        Path out = write(SampleType.UINT8, 200, bigTiff, false);
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        long directory = bigTiff ? file.getLong(8) : file.getInt(4) & 0xFFFF_FFFFL;
        int directories = 0;
        while (directory != 0) {
            directories++;
            long entries = bigTiff ? file.getLong((int) directory) : file.getShort((int) directory) & 0xFFFF;
            int next = (int) (directory + (bigTiff ? 8 + 20 * entries : 2 + 12 * entries));
            assertTrue(file.capacity() >= next + (bigTiff ? 8 : 4), "the next-directory offset is in the file");
            long following = bigTiff ? file.getLong(next) : file.getInt(next) & 0xFFFF_FFFFL;
            assertTrue(following == 0 || following > directory, "directories follow each other");
            directory = following;
        }
        // 300 x 200 in 64-pixel tiles: overviews of 150 x 100, 75 x 50 and 38 x 25, the last within one tile.
        assertEquals(4, directories);
        if (!bigTiff) {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.toFile());
            assertEquals(WIDTH, image.getWidth());
            assertEquals(HEIGHT, image.getHeight());
            for (int[] at : new int[][] {{7, 11}, {299, 199}, {150, 64}}) {
                assertEquals(value(at[0], at[1], 200), image.getRaster().getSample(at[0], at[1], 0), "(" + at[0] + ", " + at[1] + ")");
            }
        }
    }

    /**
     * GeoTools (the reader behind GeoServer and Apache Sedona, stricter than GDAL about TIFF structure)
     * opens every kind of output: its overviews, CRS, placement and values.
     */
    @ParameterizedTest(name = "{0} bigTiff={2}")
    @CsvSource({"UINT8, 200, false", "UINT16, 60000, false", "UINT32, 4000000000, false", "UINT8, 200, true"})
    void geoToolsOpensEveryKindOfOutput(SampleType type, long high, boolean bigTiff) throws Exception {
        Path out = write(type, high, bigTiff, true);
        org.geotools.gce.geotiff.GeoTiffReader reader = new org.geotools.gce.geotiff.GeoTiffReader(out.toFile());
        try {
            assertEquals(3, reader.getDatasetLayout().getNumInternalOverviews());
            org.geotools.coverage.grid.GridCoverage2D coverage = reader.read(null);
            assertEquals(Integer.valueOf(32611), org.geotools.referencing.CRS.lookupEpsgCode(coverage.getCoordinateReferenceSystem(), true));
            assertEquals(500000, coverage.getEnvelope2D().getMinX(), 1e-6);
            assertEquals(4100000, coverage.getEnvelope2D().getMaxY(), 1e-6);
            java.awt.image.Raster raster = coverage.getRenderedImage().getData();
            assertEquals(WIDTH, raster.getWidth());
            assertEquals(HEIGHT, raster.getHeight());
            for (int[] at : new int[][] {{3, 3}, {299, 199}, {150, 64}, {131, 57}, {40, 5}}) {
                assertEquals(value(at[0], at[1], high) & 0xFFFF_FFFFL, raster.getSample(at[0], at[1], 0) & 0xFFFF_FFFFL,
                        "(" + at[0] + ", " + at[1] + ")");
            }
            coverage.dispose(true);
        } finally {
            reader.dispose();
        }
    }

    /** GDAL's own validator finds the output a Cloud Optimized GeoTIFF, every block's leader and trailer included. */
    @ParameterizedTest(name = "{0} bigTiff={2}")
    @CsvSource({"UINT8, 200, false", "UINT16, 60000, true", "UINT32, 4000000000, false"})
    void theOutputIsACloudOptimizedGeoTiff(SampleType type, long high, boolean bigTiff) throws Exception {
        Path out = write(type, high, bigTiff, true);
        String report = Gdal.validateCog(out);
        assertTrue(report.contains("is a valid cloud optimized GeoTIFF"), report);
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("Overviews: 150x100, 75x50, 38x25"), info);
        assertTrue(info.contains("LAYOUT=COG"), info);
    }

    /**
     * Each overview pixel is the most frequent class of the 2 x 2 pixels below it, nodata left out,
     * the first met winning a tie: computed here from the full image, independently, and compared
     * with GDAL's reading of the overviews.
     */
    @Test
    void overviewsHoldTheMostFrequentClassOfThePixelsBelow() throws Exception {
        Path out = write(SampleType.UINT8, 200, false, true);
        int[] level = new int[WIDTH * HEIGHT];
        int width = WIDTH;
        int height = HEIGHT;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                level[y * WIDTH + x] = value(x, y, 200);
            }
        }
        for (int overview = 0; overview < 3; overview++) {
            int w = (width + 1) / 2;
            int h = (height + 1) / 2;
            int[] coarse = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    java.util.List<Integer> below = new java.util.ArrayList<>();
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            if (2 * x + dx < width && 2 * y + dy < height && level[(2 * y + dy) * width + 2 * x + dx] != 0) {
                                below.add(level[(2 * y + dy) * width + 2 * x + dx]);
                            }
                        }
                    }
                    coarse[y * w + x] = below.isEmpty() ? 0 : below.stream()
                            .max(java.util.Comparator.comparingInt((Integer v) -> java.util.Collections.frequency(below, v))
                                    .thenComparingInt(v -> -below.indexOf(v))).orElseThrow();
                }
            }
            float[] gdal = Gdal.values(out, "-ovr", Integer.toString(overview));
            assertEquals(w * h, gdal.length);
            for (int i = 0; i < coarse.length; i++) {
                assertEquals(coarse[i], (int) gdal[i], "overview " + overview + " at (" + i % w + ", " + i / w + ")");
            }
            level = coarse;
            width = w;
            height = h;
        }
    }

    @Test
    void theAttributeTableIsReadByGdal() throws Exception {
        Path out = write(SampleType.UINT8, 200, false, false);
        AuxXml.write(AuxXml.sidecarOf(out), List.of(), "classes", new RasterAttributeTable(List.of(
                new RasterAttributeTable.Row(100, "Impervious & roads", 204, 204, 204, 1234),
                new RasterAttributeTable.Row(200, " Other (Pervious)", 56, 168, 0, 5678))));
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("<GDALRasterAttributeTable tableType=\"thematic\">"), info);
        assertTrue(info.contains("<F>Impervious &amp; roads</F>"), info);
        assertTrue(info.contains("<Name>ClassName</Name>"), info);
        assertTrue(info.contains("<Usage>2</Usage>"), info);
        assertTrue(info.contains("Description = classes"), info);
    }

    /** A 64 x 64 raster of zeros placed by {@code reference}. */
    private static Path oneTile(Path out, GeoReference reference) throws Exception {
        ClassifiedTiffWriter.Spec spec = new ClassifiedTiffWriter.Spec(64, 64, SampleType.UINT8, 64, List.of(), reference);
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ClassifiedTiffWriter writer = new ClassifiedTiffWriter(channel, spec)) {
            writer.writeTile(0, 0, new int[64 * 64]);
            writer.finish(OptionalLong.empty(), null);
        }
        return out;
    }

    @Test
    void aReferenceThatDidNotComeFromGeoTiffIsEncodedFromItsEpsgCodeAndTransform() throws Exception {
        // What a source of another format (a VRT, a JPEG 2000 file) hands the writer: no tags, a CRS and a transform.
        GeoReference reference = GeoReference.of(new GeoTransform(600000, 10, 0, 5300000, 0, -10),
                CoordinateSystem.epsg(32633, CoordinateSystem.Kind.PROJECTED));
        Path out = oneTile(dir.resolve("encoded.tif"), reference);
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("ID[\"EPSG\",32633]]"), info);
        assertTrue(info.contains("Origin = (600000.000000000000000,5300000.000000000000000)"), info);
        assertTrue(info.contains("Pixel Size = (10.000000000000000,-10.000000000000000)"), info);
        try (GeoTiffSource source = GeoTiffSource.open(out)) {
            assertEquals(reference.transform(), source.geoReference().transform());
            assertEquals(32633, source.geoReference().crs().orElseThrow().epsg().getAsInt());
            assertEquals(CoordinateSystem.Kind.PROJECTED, source.geoReference().crs().orElseThrow().kind());
        }
    }

    @Test
    void aRotatedGeographicReferenceIsEncodedAsAFullTransformation() throws Exception {
        GeoReference reference = GeoReference.of(new GeoTransform(10, 0.001, 0.0002, 50, 0.0001, -0.001),
                CoordinateSystem.epsg(4326, CoordinateSystem.Kind.GEOGRAPHIC));
        Path out = oneTile(dir.resolve("rotated.tif"), reference);
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("ID[\"EPSG\",4326]]"), info);
        assertTrue(info.contains("GeoTransform ="), info);
        assertTrue(info.contains("10, 0.001, 0.0002"), info);
        assertTrue(info.contains("50, 0.0001, -0.001"), info);
    }

    @Test
    void finishingBeforeEveryTileIsWrittenIsRefused() throws Exception {
        ClassifiedTiffWriter.Spec spec = new ClassifiedTiffWriter.Spec(100, 100, SampleType.UINT8, 64, List.of(),
                GeoReference.NONE);
        try (FileChannel channel = FileChannel.open(dir.resolve("x.tif"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ClassifiedTiffWriter writer = new ClassifiedTiffWriter(channel, spec, dir)) {
            writer.writeTile(0, 0, new int[64 * 64]);
            assertThrows(IllegalStateException.class, () -> writer.finish(OptionalLong.empty(), null));
        }
    }
}
