package org.ecdkit.classify.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.Layout;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.ecdkit.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileEncoderTest {

    @TempDir
    Path dir;

    /**
     * Nodata (0) in both bands everywhere but a few single pixels, each placed so that a scan that stopped early, or
     * looked at a chunk of rows only, would call its tile empty: the last row of a tile, a row past the
     * first chunk of rows, the last column. Which tiles are empty is computed from the same placement.
     */
    @Test
    void aTileIsEmptyExactlyWhenNoPixelInItHasData() throws Exception {
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
            List<Boolean> empty = new ArrayList<>();
            List<Boolean> expected = new ArrayList<>();
            int index = 0;
            for (int y = 0; y < 80; y += side) {
                for (int x = 0; x < 120; x += side) {
                    Window window = new Window(x, y, side, side);
                    empty.add(encoder.allNodata(new Tile(index++, y / side, window, window)));
                    boolean any = false;
                    for (int[] p : valid) {
                        any |= p[0] >= x && p[0] < x + side && p[1] >= y && p[1] < y + side;
                    }
                    expected.add(!any);
                }
            }
            assertEquals(expected, empty);
            assertEquals(List.of(false, false, true, false, false, true), empty, "the placement covers both answers");
            Window quarter = new Window(0, 0, side, side);
            Path one = GeoTiffFixture.of(side, side, 2, SampleType.UINT8, (x, y, b) -> b == 0 && x == 3 && y == 30 ? 9 : 0)
                    .nodata("0").write(dir.resolve("one-band.tif"));
            try (GeoTiffSource oneBand = GeoTiffSource.open(one)) {
                TileEncoder both = new TileEncoder(oneBand, new int[] {0, 1}, Layout.NCHW, side, side, InputScaling.IDENTITY);
                assertEquals(true, both.allNodata(new Tile(0, 0, quarter, quarter)), "nodata in any band fed makes a pixel nodata");
                TileEncoder first = new TileEncoder(oneBand, new int[] {0}, Layout.NCHW, side, side, InputScaling.IDENTITY);
                assertEquals(false, first.allNodata(new Tile(0, 0, quarter, quarter)));
            }
        }
    }

    /** The plan's count reads an empty tile once; encoding it afterwards must not read it again, nor feed it. */
    @Test
    void aTileCountedEmptyIsSkippedWithoutASecondRead() throws Exception {
        int side = 32;
        Path tif = GeoTiffFixture.of(2 * side, side, 1, SampleType.UINT8, (x, y, b) -> x < side ? 0 : 7)
                .nodata("0").write(dir.resolve("half.tif"));
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            CountingSource counting = new CountingSource(source);
            TileEncoder encoder = new TileEncoder(counting, new int[] {0}, Layout.NCHW, side, side, InputScaling.IDENTITY);
            Window left = new Window(0, 0, side, side);
            Window right = new Window(side, 0, side, side);
            Tile empty = new Tile(0, 0, left, left);
            Tile full = new Tile(1, 0, right, right);
            assertTrue(encoder.allNodata(empty));
            assertFalse(encoder.allNodata(full));
            int readsAfterCount = counting.reads;
            Tensor batch = Tensor.heap(encoder.batchShape(2));
            EncodedTile skipped = encoder.encode(empty, batch, 0);
            assertEquals(readsAfterCount, counting.reads, "an empty tile known from the count is not read again");
            assertTrue(skipped.skipped());
            assertTrue(skipped.isNodata(0, 0) && skipped.isNodata(side - 1, side - 1));
            EncodedTile encoded = encoder.encode(full, batch, 1);
            assertEquals(readsAfterCount + 1, counting.reads);
            assertFalse(encoded.skipped());
            assertEquals(7f, batch.data().get(encoder.slotSize()));
        }
    }

    private static final class CountingSource implements RasterSource {
        private final RasterSource source;
        int reads;

        CountingSource(RasterSource source) {
            this.source = source;
        }

        @Override
        public void read(Window window, int[] bands, float[] target) {
            reads++;
            source.read(window, bands, target);
        }

        @Override
        public Path file() {
            return source.file();
        }

        @Override
        public int width() {
            return source.width();
        }

        @Override
        public int height() {
            return source.height();
        }

        @Override
        public int bandCount() {
            return source.bandCount();
        }

        @Override
        public SampleType sampleType() {
            return source.sampleType();
        }

        @Override
        public java.util.OptionalDouble nodata() {
            return source.nodata();
        }

        @Override
        public GeoReference geoReference() {
            return source.geoReference();
        }

        @Override
        public List<String> bandDescriptions() {
            return source.bandDescriptions();
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
