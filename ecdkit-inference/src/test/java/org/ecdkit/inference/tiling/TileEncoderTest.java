package org.ecdkit.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.Layout;
import org.ecdkit.inference.fixture.CountingSource;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.ecdkit.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileEncoderTest {

    @TempDir
    Path dir;

    private static Tile tile(int index, Window window) {
        return new Tile(index, 0, window, window);
    }

    /**
     * Nodata (0) in both bands everywhere but a few single pixels, each placed where a check that looked
     * at part of a tile only would call its tile empty: the last row of a tile, the last column. Which
     * tiles are empty is computed from the same placement.
     */
    @Test
    void aTileIsSkippedExactlyWhenNoPixelInItHasData() throws Exception {
        int side = 40;
        int[][] valid = {{5, 39}, {47, 17}, {79, 55}, {20, 70}};
        Path tif = GeoTiffFixture.of(120, 80, 2, SampleType.UINT8, (x, y, b) -> {
            for (int[] p : valid) {
                if (p[0] == x && p[1] == y) {
                    return 9;
                }
            }
            return 0;
        }).tiled(16).nodata("0").write(dir.resolve("sparse.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            TileEncoder encoder = new TileEncoder(source, new int[] {0, 1}, Layout.NCHW, side, side, InputScaling.IDENTITY);
            Tensor batch = Tensor.heap(encoder.batchShape(1));
            List<Boolean> skipped = new ArrayList<>();
            List<Boolean> expected = new ArrayList<>();
            int index = 0;
            for (int y = 0; y < 80; y += side) {
                for (int x = 0; x < 120; x += side) {
                    skipped.add(encoder.encode(tile(index++, new Window(x, y, side, side)), batch, 0).skipped());
                    boolean any = false;
                    for (int[] p : valid) {
                        any |= p[0] >= x && p[0] < x + side && p[1] >= y && p[1] < y + side;
                    }
                    expected.add(!any);
                }
            }
            assertEquals(expected, skipped);
            assertEquals(List.of(false, false, true, false, false, true), skipped, "the placement covers both answers");
        }
        Window quarter = new Window(0, 0, side, side);
        Path one = GeoTiffFixture.of(side, side, 2, SampleType.UINT8, (x, y, b) -> b == 0 && x == 3 && y == 30 ? 9 : 0)
                .nodata("0").write(dir.resolve("one-band.tif"));
        try (GeoTiffSource oneBand = GeoTiffSource.open(one)) {
            // Pixel (3, 30) holds 9 in band 0 and nodata in band 1: data, as GDAL reads per-band nodata.
            TileEncoder both = new TileEncoder(oneBand, new int[] {0, 1}, Layout.NCHW, side, side, InputScaling.IDENTITY);
            EncodedTile encoded = both.encode(tile(0, quarter), Tensor.heap(both.batchShape(1)), 0);
            assertFalse(encoded.skipped(), "a pixel is missing where all the fed bands are nodata");
            assertFalse(encoded.nodata().isMasked(3, 30));
            assertTrue(encoded.nodata().isMasked(4, 30));
            TileEncoder any = new TileEncoder(oneBand, new int[] {0, 1}, Layout.NCHW, side, side, InputScaling.IDENTITY,
                    NodataRule.ANY_BAND);
            assertTrue(any.encode(tile(0, quarter), Tensor.heap(any.batchShape(1)), 0).skipped(),
                    "by the other rule, nodata in any band fed makes a pixel nodata");
            TileEncoder second = new TileEncoder(oneBand, new int[] {1}, Layout.NCHW, side, side, InputScaling.IDENTITY);
            assertTrue(second.encode(tile(0, quarter), Tensor.heap(second.batchShape(1)), 0).skipped(),
                    "only band 1 fed: every pixel is nodata");
            TileEncoder first = new TileEncoder(oneBand, new int[] {0}, Layout.NCHW, side, side, InputScaling.IDENTITY);
            assertFalse(first.encode(tile(0, quarter), Tensor.heap(first.batchShape(1)), 0).skipped());
        }
    }

    /**
     * NaN and infinity never reach the model: in a float image they are nodata whether or not a nodata
     * value is declared, and are fed as 0 in every band, after scaling, like declared nodata.
     */
    @Test
    void notANumberAndInfinityAreNodataAndReachTheModelAsZero() throws Exception {
        Path tif = GeoTiffFixture.of(4, 3, 2, SampleType.FLOAT32, (x, y, b) -> {
            if (y == 0 && x == 1) {
                return Double.NaN;
            }
            if (y == 1 && x == 2 && b == 1) {
                return Double.POSITIVE_INFINITY;
            }
            if (y == 2 && x == 3 && b == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return 10 * y + x + 100 * b + 1;
        }).write(dir.resolve("nan.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            assertTrue(source.nodata().isEmpty(), "no nodata value is declared");
            InputScaling scaling = new InputScaling(2, 5);
            TileEncoder encoder = new TileEncoder(source, new int[] {0, 1}, Layout.NCHW, 4, 3, scaling);
            Tensor batch = Tensor.heap(encoder.batchShape(1));
            EncodedTile encoded = encoder.encode(tile(0, new Window(0, 0, 4, 3)), batch, 0);
            assertFalse(encoded.skipped());
            for (int b = 0; b < 2; b++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        boolean missing = x == 1 && y == 0 || x == 2 && y == 1 || x == 3 && y == 2;
                        assertEquals(missing, encoded.isNodata(x, y), "(" + x + ", " + y + ")");
                        float fed = batch.data().get((b * 3 + y) * 4 + x);
                        assertEquals(missing ? 0f : 2f * (10 * y + x + 100 * b + 1) + 5, fed, "band " + b + " (" + x + ", " + y + ")");
                        assertTrue(Float.isFinite(fed));
                    }
                }
            }
        }
        Path allNan = GeoTiffFixture.of(8, 8, 1, SampleType.FLOAT64, (x, y, b) -> Double.NaN).write(dir.resolve("all-nan.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(allNan)) {
            TileEncoder encoder = new TileEncoder(source, new int[] {0}, Layout.NHWC, 8, 8, InputScaling.IDENTITY);
            assertTrue(encoder.encode(tile(0, new Window(0, 0, 8, 8)), Tensor.heap(encoder.batchShape(1)), 0).skipped());
        }
    }

    @Test
    void declaredNodataIsFedAsZeroAfterScalingSoItsValueNeverReachesTheModel() throws Exception {
        Path tif = GeoTiffFixture.of(3, 1, 1, SampleType.INT16, (x, y, b) -> x == 1 ? -9999 : 100 * x + 7)
                .nodata("-9999").write(dir.resolve("int.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            TileEncoder encoder = new TileEncoder(source, new int[] {0}, Layout.NHWC, 3, 1, new InputScaling(0.5f, -1));
            Tensor batch = Tensor.heap(encoder.batchShape(1));
            encoder.encode(tile(0, new Window(0, 0, 3, 1)), batch, 0);
            assertEquals(0.5f * 7 - 1, batch.data().get(0));
            assertEquals(0f, batch.data().get(1));
            assertEquals(0.5f * 207 - 1, batch.data().get(2));
        }
    }

    /** A sparse file's unstored blocks read as 0: with nodata 0 their tiles are known empty and never read. */
    @Test
    void aTileInBlocksTheFileDoesNotStoreIsSkippedWithoutReadingIt() throws Exception {
        Path sparse = Gdal.sparse(dir.resolve("sparse.tif"), 512, 256);
        try (RasterSource source = RasterSources.open(sparse)) {
            CountingSource counting = new CountingSource(source);
            TileEncoder encoder = new TileEncoder(counting, new int[] {0}, Layout.NCHW, 256, 256, InputScaling.IDENTITY);
            EncodedTile encoded = encoder.encode(tile(0, new Window(0, 0, 256, 256)), Tensor.heap(encoder.batchShape(1)), 0);
            assertTrue(encoded.skipped());
            assertEquals(0, counting.reads(), "nothing is read for a tile the file does not store");
        }
        Path stored = GeoTiffFixture.of(64, 64, 1, SampleType.UINT8, (x, y, b) -> 0).tiled(16).nodata("0")
                .write(dir.resolve("stored-zeros.tif"));
        try (RasterSource source = RasterSources.open(stored)) {
            CountingSource counting = new CountingSource(source);
            TileEncoder encoder = new TileEncoder(counting, new int[] {0}, Layout.NCHW, 64, 64, InputScaling.IDENTITY);
            assertTrue(encoder.encode(tile(0, new Window(0, 0, 64, 64)), Tensor.heap(encoder.batchShape(1)), 0).skipped());
            assertEquals(1, counting.reads(), "stored zeros are read to be known");
        }
    }
}
