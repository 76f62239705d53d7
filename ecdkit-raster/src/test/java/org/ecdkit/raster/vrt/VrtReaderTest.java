package org.ecdkit.raster.vrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.fixture.RasterValues;
import org.ecdkit.raster.mosaic.MosaicSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GDAL VRTs (and folders of tiles) written by gdalbuildvrt: ecdkit's values against GDAL's reading of the same VRT. */
class VrtReaderTest {

    static final int WIDTH = 230;
    static final int HEIGHT = 170;

    @TempDir
    Path dir;

    Path scene(int bands, SampleType type) throws Exception {
        return GeoTiffFixture.of(WIDTH, HEIGHT, bands, type, (x, y, b) -> 1 + (x * 7 + y * 13 + b * 29) % 250)
                .epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("scene.tif"));
    }

    /** The scene cut into tiles of {@code side} pixels (GDAL's -srcwin), in {@code folder}. */
    List<Path> tiles(Path scene, Path folder, int side) throws Exception {
        Files.createDirectories(folder);
        List<Path> tiles = new ArrayList<>();
        for (int y = 0; y < HEIGHT; y += side) {
            for (int x = 0; x < WIDTH; x += side) {
                Path tile = folder.resolve(String.format("tile_%03d_%03d.tif", y, x));
                Gdal.translate(scene, tile, "-srcwin", Integer.toString(x), Integer.toString(y), Integer.toString(Math.min(side, WIDTH - x)),
                        Integer.toString(Math.min(side, HEIGHT - y)));
                tiles.add(tile);
            }
        }
        return tiles;
    }

    Path buildVrt(String name, List<String> options, List<Path> inputs) throws Exception {
        List<String> args = new ArrayList<>(List.of("gdalbuildvrt", "-q"));
        args.addAll(options);
        Path vrt = dir.resolve(name);
        args.add(vrt.toString());
        inputs.forEach(p -> args.add(p.toString()));
        Gdal.run(args.toArray(String[]::new));
        return vrt;
    }

    static void assertSameAsGdal(Path gdalReadable, RasterSource source) throws Exception {
        assertArrayEquals(Gdal.values(gdalReadable), RasterValues.all(source));
    }

    @Test
    void aMosaicOfTilesReadsAsTheSceneTheyWereCutFrom() throws Exception {
        Gdal.require();
        Path scene = scene(3, SampleType.UINT16);
        List<Path> tiles = tiles(scene, dir.resolve("tiles"), 64);
        Path vrt = buildVrt("mosaic.vrt", List.of(), tiles);
        try (RasterSource mosaic = RasterSources.open(vrt)) {
            assertTrue(mosaic instanceof MosaicSource);
            assertEquals(WIDTH, mosaic.width());
            assertEquals(HEIGHT, mosaic.height());
            assertEquals(SampleType.UINT16, mosaic.sampleType());
            assertEquals("EPSG:32611", mosaic.geoReference().crs().orElseThrow().name());
            assertArrayEquals(new double[] {500000, 0.5, 0, 4100000, 0, -0.5}, mosaic.geoReference().transform().orElseThrow()
                    .coefficients(), 1e-9);
            assertSameAsGdal(vrt, mosaic);
            try (RasterSource original = RasterSources.open(scene)) {
                assertArrayEquals(RasterValues.all(original), RasterValues.all(mosaic));
            }
            assertTrue(mosaic.files().containsAll(tiles), "members are inputs no output may overwrite");
        }
    }

    @Test
    void aFolderOfTilesIsTheMosaicGdalbuildvrtWouldBuild() throws Exception {
        Gdal.require();
        Path scene = scene(2, SampleType.UINT8);
        // 24 tiles: more than a mosaic keeps open at once, so members are closed and opened again as windows move.
        List<Path> tiles = tiles(scene, dir.resolve("tiles"), 40);
        assertTrue(tiles.size() > 16);
        Path vrt = buildVrt("mosaic.vrt", List.of(), tiles);
        try (RasterSource folder = RasterSources.open(dir.resolve("tiles"))) {
            assertSameAsGdal(vrt, folder);
            assertEquals("EPSG:32611", folder.geoReference().crs().orElseThrow().name());
            float[] window = new float[100 * 90];
            folder.read(new Window(61, 33, 100, 90), new int[] {1}, window);
            try (RasterSource original = RasterSources.open(scene)) {
                float[] expected = new float[100 * 90];
                original.read(new Window(61, 33, 100, 90), new int[] {1}, expected);
                assertArrayEquals(expected, window);
            }
        }
    }

    /** A text file listing tiles (gdalbuildvrt's -input_file_list) is the same mosaic; a line naming no file is refused by line. */
    @Test
    void aListOfTilesIsTheMosaicOfTheTilesItNames() throws Exception {
        Gdal.require();
        Path scene = scene(1, SampleType.UINT8);
        List<Path> tiles = tiles(scene, dir.resolve("tiles"), 100);
        Path list = Files.write(dir.resolve("tiles.txt"), tiles.stream().map(t -> dir.relativize(t).toString()).toList());
        Path vrt = buildVrt("listed.vrt", List.of(), tiles);
        try (RasterSource mosaic = RasterSources.open(list)) {
            assertTrue(mosaic.files().contains(list), "the list is an input no output may overwrite");
            assertSameAsGdal(vrt, mosaic);
        }
        Path broken = Files.writeString(dir.resolve("broken.txt"), "tiles/tile_000_000.tif\n\ntiles/gone.tif\n");
        String message = refusal(InvalidInputException.class, broken);
        assertTrue(message.contains("broken.txt:3:1: \"tiles/gone.tif\": no such file"), message);
    }

    @Test
    void aBandStackReadsEachFileAsOneBand() throws Exception {
        Gdal.require();
        Path scene = scene(3, SampleType.FLOAT32);
        List<Path> singles = new ArrayList<>();
        for (int b = 1; b <= 3; b++) {
            singles.add(Gdal.translate(scene, dir.resolve("band" + b + ".tif"), "-b", Integer.toString(b)));
        }
        Path vrt = buildVrt("stack.vrt", List.of("-separate"), List.of(singles.get(2), singles.get(0), singles.get(1)));
        try (RasterSource stack = RasterSources.open(vrt)) {
            assertEquals(3, stack.bandCount());
            assertSameAsGdal(vrt, stack);
        }
    }

    @Test
    void overlappingTilesWithSourceNodataShowWhatLiesBeneath() throws Exception {
        Gdal.require();
        Path left = GeoTiffFixture.of(120, 80, 1, SampleType.UINT8, (x, y, b) -> x > 100 ? 0 : 50 + x % 7)
                .epsg(32611, 500000, 4100000, 1).write(dir.resolve("a_left.tif"));
        Path right = GeoTiffFixture.of(120, 80, 1, SampleType.UINT8, (x, y, b) -> x < 15 ? 0 : 150 + y % 5)
                .epsg(32611, 500090, 4100000, 1).write(dir.resolve("b_right.tif"));
        Path vrt = buildVrt("overlap.vrt", List.of("-srcnodata", "0", "-vrtnodata", "255"), List.of(left, right));
        assertTrue(Files.readString(vrt).contains("<NODATA>0</NODATA>"));
        try (RasterSource mosaic = RasterSources.open(vrt)) {
            assertEquals(210, mosaic.width());
            assertEquals(255.0, mosaic.nodata().getAsDouble());
            assertSameAsGdal(vrt, mosaic);
        }
    }

    @Test
    void brokenOrUnreadableVrtsAreRefusedInOneLineNamingTheElement() throws Exception {
        Gdal.require();
        Path scene = scene(1, SampleType.UINT8);
        Path vrt = Gdal.translate(scene, dir.resolve("copy.vrt"), "-of", "VRT");
        String text = Files.readString(vrt);

        Path missing = Files.writeString(dir.resolve("missing.vrt"), text.replace("scene.tif", "gone.tif"));
        String message = refusal(InvalidInputException.class, missing);
        assertTrue(message.contains("VRTRasterBand[1].SimpleSource[1].SourceFilename: \"gone.tif\": no such file"), message);

        Path itself = Files.writeString(dir.resolve("itself.vrt"), text.replace(">scene.tif<", ">itself.vrt<"));
        message = refusal(InvalidInputException.class, itself);
        assertTrue(message.contains("a VRT that includes itself"), message);

        Path scaled = Gdal.translate(scene, dir.resolve("scaled.vrt"), "-of", "VRT", "-outsize", "50%", "50%");
        message = refusal(UnsupportedInputException.class, scaled);
        assertTrue(message.contains("(resampling)"), message);

        Path derived = Files.writeString(dir.resolve("derived.vrt"), text.replace("<VRTRasterBand dataType=\"Byte\" band=\"1\"",
                "<VRTRasterBand dataType=\"Byte\" band=\"1\" subClass=\"VRTDerivedRasterBand\""));
        message = refusal(UnsupportedInputException.class, derived);
        assertTrue(message.contains("VRTDerivedRasterBand (pixel functions and derived bands are not read)"), message);

        Path hostile = Files.writeString(dir.resolve("hostile.vrt"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><VRTDataset rasterXSize=\"1\" rasterYSize=\"1\">&e;</VRTDataset>");
        refusal(InvalidInputException.class, hostile);
    }

    private String refusal(Class<? extends EcdkitException> kind, Path vrt) {
        EcdkitException e = assertThrows(kind, () -> RasterSources.open(vrt).close());
        assertTrue(e.getMessage().startsWith(vrt.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }
}
