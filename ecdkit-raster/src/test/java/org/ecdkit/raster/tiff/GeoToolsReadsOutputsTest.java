package org.ecdkit.raster.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.Raster;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import org.ecdkit.raster.ColorEntry;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.SampleType;
import org.geotools.coverage.grid.GridCoverage2D;
import org.geotools.gce.geotiff.GeoTiffReader;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GeoTools (the reader behind GeoServer and Apache Sedona, stricter than GDAL about TIFF structure)
 * opens every kind of output the writer makes: its size, CRS, placement, values and overviews.
 */
class GeoToolsReadsOutputsTest {

    static final int WIDTH = 700;
    static final int HEIGHT = 450;
    static final int TILE = 128;

    @TempDir
    Path dir;

    static int value(int x, int y, long high) {
        return x < 20 && y < 20 ? 0 : (x / 9 + y / 13) % 3 == 0 ? 1 : (int) high;
    }

    @ParameterizedTest(name = "{0} bigTiff={2}")
    @CsvSource({"UINT8, 200, false", "UINT16, 60000, false", "UINT32, 4000000000, false", "UINT8, 200, true"})
    void geoToolsOpensTheOutput(SampleType type, long high, boolean bigTiff) throws Exception {
        Path out = dir.resolve("classes.tif");
        GeoReference geo = GeoReference.of(new GeoTransform(500000, 0.5, 0, 4100000, 0, -0.5),
                CoordinateSystem.epsg(32611, CoordinateSystem.Kind.PROJECTED));
        ClassifiedTiffWriter.Spec spec = new ClassifiedTiffWriter.Spec(WIDTH, HEIGHT, type, TILE,
                List.of(new ColorEntry(1, 10, 20, 30), new ColorEntry(high, 200, 100, 0)), geo);
        int overviews;
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ClassifiedTiffWriter writer = new ClassifiedTiffWriter(channel, spec, bigTiff, dir)) {
            for (int row = 0; row < spec.tilesDown(); row++) {
                for (int column = 0; column < spec.tilesAcross(); column++) {
                    int[] values = new int[TILE * TILE];
                    for (int y = 0; y < TILE; y++) {
                        for (int x = 0; x < TILE; x++) {
                            values[y * TILE + x] = value(column * TILE + x, row * TILE + y, high);
                        }
                    }
                    writer.writeTile(column, row, values);
                }
            }
            writer.finish(OptionalLong.of(0), null);
            overviews = writer.overviewCount();
        }
        GeoTiffReader reader = new GeoTiffReader(out.toFile());
        try {
            assertEquals(overviews, reader.getDatasetLayout().getNumInternalOverviews());
            GridCoverage2D coverage = reader.read(null);
            assertEquals(Integer.valueOf(32611), CRS.lookupEpsgCode(coverage.getCoordinateReferenceSystem(), true));
            assertEquals(500000, coverage.getEnvelope2D().getMinX(), 1e-6);
            assertEquals(4100000, coverage.getEnvelope2D().getMaxY(), 1e-6);
            Raster raster = coverage.getRenderedImage().getData();
            assertEquals(WIDTH, raster.getWidth());
            assertEquals(HEIGHT, raster.getHeight());
            for (int[] at : new int[][] {{3, 3}, {699, 449}, {350, 200}, {131, 257}, {40, 5}}) {
                assertEquals(value(at[0], at[1], high) & 0xFFFF_FFFFL, raster.getSample(at[0], at[1], 0) & 0xFFFF_FFFFL,
                        "(" + at[0] + ", " + at[1] + ")");
            }
            coverage.dispose(true);
        } finally {
            reader.dispose();
        }
    }
}
