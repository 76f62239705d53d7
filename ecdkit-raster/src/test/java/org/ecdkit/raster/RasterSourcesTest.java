package org.ecdkit.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RasterSourcesTest {

    @TempDir
    Path dir;

    @Test
    void theFormatIsToldFromTheContentNotTheName() throws Exception {
        Path misnamed = GeoTiffFixture.of(20, 10, 2, SampleType.UINT16, (x, y, b) -> x + 100 * b)
                .write(dir.resolve("scene.dat"));
        try (RasterSource source = RasterSources.open(misnamed)) {
            assertEquals(20, source.width());
            assertEquals(2, source.bandCount());
            float[] values = new float[2];
            source.read(new Window(7, 3, 1, 1), new int[] {0, 1}, values);
            assertEquals(7, values[0]);
            assertEquals(107, values[1]);
        }
        assertTrue(RasterSources.formats().stream().anyMatch(f -> f.name().equals("GeoTIFF")));
    }

    @Test
    void filesOfOtherFormatsAreNamedWithTheCommandThatConvertsThem() throws Exception {
        Path png = Files.write(dir.resolve("photo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        Path vrt = Files.writeString(dir.resolve("mosaic.vrt"), "<VRTDataset rasterXSize=\"10\" rasterYSize=\"10\"></VRTDataset>");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        EcdkitException image = assertThrows(EcdkitException.class, () -> RasterSources.open(png));
        assertEquals(ExitCode.UNSUPPORTED, image.exitCode());
        assertTrue(image.getMessage().contains("this looks like a PNG image") && image.getMessage().contains("gdal_translate -of GTiff"),
                image.getMessage());
        EcdkitException virtual = assertThrows(EcdkitException.class, () -> RasterSources.open(vrt));
        assertTrue(virtual.getMessage().contains("mosaic.vrt: a VRT with no VRTRasterBand"), virtual.getMessage());
        EcdkitException unknown = assertThrows(EcdkitException.class, () -> RasterSources.open(text));
        assertEquals(ExitCode.INVALID_INPUT, unknown.exitCode());
        assertTrue(unknown.getMessage().contains("not a raster format ecdkit reads (it reads GeoTIFF, JPEG 2000, GDAL VRT, Sentinel-2 product, list of tiles)"), unknown.getMessage());
    }

    @Test
    void aNamedPipeIsRefusedByNameInsteadOfBlockingOnIt() throws Exception {
        Path fifo = dir.resolve("scene.tif");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        // Opening a FIFO for reading would wait for a writer forever; the refusal must come first.
        UsageException e = assertThrows(UsageException.class, () -> RasterSources.open(fifo));
        assertTrue(e.getMessage().contains("it is a named pipe (FIFO); ecdkit reads regular files"), e.getMessage());
        // A folder is a mosaic of the tiles in it; one with none is refused by name.
        Path empty = Files.createDirectory(dir.resolve("empty"));
        InvalidInputException folder = assertThrows(InvalidInputException.class, () -> RasterSources.open(empty));
        assertTrue(folder.getMessage().contains("a folder with no raster tiles (.tif, .tiff, .jp2, .j2k) in it"), folder.getMessage());
    }

    @Test
    void aGeoTiffNamesTheSidecarsGdalReadsBesideIt() throws Exception {
        Path tif = GeoTiffFixture.of(8, 8, 1, SampleType.UINT8, (x, y, b) -> x).write(dir.resolve("ortho.tif"));
        try (RasterSource source = RasterSources.open(tif)) {
            List<Path> files = source.files();
            for (String name : List.of("ortho.tif", "ortho.tif.aux.xml", "ortho.tif.ovr", "ortho.tif.msk", "ortho.tfw",
                    "ortho.TFW", "ortho.tifw", "ortho.wld", "ortho.aux", "ortho.ovr", "ortho.rpb", "ortho_rpc.txt")) {
                assertTrue(files.contains(dir.resolve(name)), name + " in " + files);
            }
        }
    }

    @Test
    void blocksASparseFileDoesNotStoreAreKnownWithoutReadingThem() throws Exception {
        // GDAL writes no block at all for a sparse file created empty: its offsets and sizes are 0.
        Path sparse = Gdal.sparse(dir.resolve("sparse.tif"), 1024, 512);
        try (RasterSource source = RasterSources.open(sparse)) {
            assertTrue(source.unstored(source.bounds()));
            assertTrue(source.unstored(new Window(300, 100, 400, 300)));
            float[] values = new float[16];
            source.read(new Window(500, 200, 4, 4), new int[] {0}, values);
            for (float v : values) {
                assertEquals(0, v);
            }
        }
        Path dense = GeoTiffFixture.of(64, 64, 1, SampleType.UINT8, (x, y, b) -> 0).tiled(16).write(dir.resolve("dense.tif"));
        try (RasterSource source = RasterSources.open(dense)) {
            assertFalse(source.unstored(source.bounds()), "stored zeros are stored");
        }
    }
}
