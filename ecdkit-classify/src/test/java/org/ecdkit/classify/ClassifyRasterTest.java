package org.ecdkit.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.ecdkit.classify.fixture.ClassifyFixtures;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.fixture.InferenceFixtures;
import org.ecdkit.inference.tiling.NodataRule;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyRasterTest {

    @TempDir
    Path dir;

    /** The classified raster's values, read back. */
    static long[] values(Path tif) {
        try (GeoTiffSource source = GeoTiffSource.open(tif)) {
            float[] values = new float[source.width() * source.height()];
            source.read(source.bounds(), new int[] {0}, values);
            long[] result = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                result[i] = (long) values[i];
            }
            return result;
        }
    }

    private List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void everyPixelGetsTheClassItsWeightsDecide() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(300, 200).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("classified.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(4),
                ClassifyListener.SILENT);
        long[] values = values(out);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 300; x++) {
                assertEquals(ClassifyFixtures.thresholdClass(x, y), values[y * 300 + x], "(" + x + ", " + y + ")");
            }
        }
        long impervious = java.util.Arrays.stream(values).filter(v -> v == 100).count();
        assertEquals(impervious, summary.classes().get(0).pixels());
        assertEquals(60_000 - impervious, summary.classes().get(1).pixels());
        assertEquals(SampleType.UINT8, summary.plan().outputType());
    }

    @Test
    void gdalReadsThePaletteTheAttributeTableTheGeotransformAndTheCrs() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(300, 200).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("classified.tif");
        ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("Size is 300, 200"), info);
        assertTrue(info.contains("Origin = (500000.000000000000000,4100000.000000000000000)"), info);
        assertTrue(info.contains("Pixel Size = (0.600000000000000,-0.600000000000000)"), info);
        assertTrue(info.contains("ID[\"EPSG\",32611]"), info);
        assertTrue(info.contains("Type=Byte, ColorInterp=Palette"), info);
        assertTrue(info.contains("100: 204,204,204,255") && info.contains("200: 56,168,0,255"), info);
        assertTrue(info.contains("<F>Impervious</F>"), info);
        assertTrue(info.contains("<F> Other (Pervious)</F>"), "names are kept verbatim: " + info);
        assertTrue(info.contains("COMPRESSION=DEFLATE"), info);
        for (int[] at : new int[][] {{0, 0}, {299, 199}, {150, 77}}) {
            assertEquals(ClassifyFixtures.thresholdClass(at[0], at[1]), (int) Gdal.pixel(out, at[0], at[1])[0]);
        }
    }

    @Test
    void theTiledResultEqualsTheWholeImageRunOnAModelWithContext() throws Exception {
        // The bundled example's model: two 3x3 convolutions, a 5x5 receptive field.
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "example");
        Path scene = ClassifyFixtures.scene(300, 190).write(dir.resolve("scene.tif"));
        Path whole = dir.resolve("whole.tif");
        ClassifyRaster.run(ecd, scene, whole, ClassifyOptions.DEFAULT.withTile(512).withPadding(0), ClassifyListener.SILENT);
        long[] expected = values(whole);
        for (ClassifyOptions options : List.of(ClassifyOptions.DEFAULT.withTile(64).withPadding(4),
                ClassifyOptions.DEFAULT.withTile(48).withPadding(2).withBatch(3),
                ClassifyOptions.DEFAULT.withTile(100).withPadding(10).withBatch(1))) {
            Path tiled = dir.resolve("tiled.tif");
            ClassifyRaster.run(ecd, scene, tiled, options, ClassifyListener.SILENT);
            long[] got = values(tiled);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], "pixel (" + i % 300 + ", " + i / 300 + ") with " + options);
            }
        }
        // Without padding, the tile edges see zeros: the seams the padding exists to avoid.
        Path seamed = dir.resolve("seamed.tif");
        ClassifyRaster.run(ecd, scene, seamed, ClassifyOptions.DEFAULT.withTile(48).withPadding(0), ClassifyListener.SILENT);
        long[] seams = values(seamed);
        long differ = java.util.stream.IntStream.range(0, expected.length).filter(i -> seams[i] != expected[i]).count();
        assertTrue(differ > 0, "padding 0 must show seams, or this test does not test context");
    }

    /**
     * NaN and infinity in float imagery are nodata whether declared or not: those pixels come out
     * nodata, and their neighbours are what the model gives with them fed as 0, the same whole or tiled.
     * Before, every NaN pixel got the first class and NaN spread through the model to its neighbours.
     * The reference is the same scene with 0 where the NaN were, classified whole.
     */
    @Test
    void notANumberIsNodataAndSpoilsNoNeighbour() throws Exception {
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "example");
        java.util.function.IntPredicate badRow = y -> y >= 60 && y < 64 || y == 131;
        Path withNan = GeoTiffFixture.of(200, 190, 4, SampleType.FLOAT32, (x, y, b) -> badRow.test(y) ? Double.NaN
                : x == 150 && y == 20 ? Double.POSITIVE_INFINITY : ClassifyFixtures.sceneValue(x, y, b)).tiled(64)
                .epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("nan.tif"));
        Path withZeros = GeoTiffFixture.of(200, 190, 4, SampleType.FLOAT32, (x, y, b) -> badRow.test(y) || x == 150 && y == 20
                ? 0 : ClassifyFixtures.sceneValue(x, y, b)).tiled(64).epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("zeros.tif"));
        Path reference = dir.resolve("reference.tif");
        ClassifyRaster.run(ecd, withZeros, reference, ClassifyOptions.DEFAULT.withTile(512).withPadding(0), ClassifyListener.SILENT);
        long[] expected = values(reference);
        for (ClassifyOptions options : List.of(ClassifyOptions.DEFAULT.withTile(512).withPadding(0),
                ClassifyOptions.DEFAULT.withTile(64).withPadding(4))) {
            Path out = dir.resolve("out.tif");
            ClassificationSummary summary = ClassifyRaster.run(ecd, withNan, out, options, ClassifyListener.SILENT);
            long[] got = values(out);
            long nodata = 0;
            for (int y = 0; y < 190; y++) {
                for (int x = 0; x < 200; x++) {
                    boolean missing = badRow.test(y) || x == 150 && y == 20;
                    nodata += missing ? 1 : 0;
                    assertEquals(missing ? 0 : expected[y * 200 + x], got[y * 200 + x], "(" + x + ", " + y + ") " + options);
                }
            }
            assertEquals(nodata, summary.nodataPixels());
            assertTrue(Gdal.run("gdalinfo", out.toString()).contains("NoData Value=0"));
        }
    }

    /**
     * The defaults: convert records the padding the model's receptive field needs (two 3 x 3
     * convolutions see 5 pixels: 2 each side), and tiled with nothing asked for, the result equals
     * the whole image run at once, pixel for pixel, with far fewer pixels computed than a sixteenth of
     * the tile would cost. An image that fits in one tile is that one tile.
     */
    @Test
    void withThePaddingTheModelsReceptiveFieldNeedsTilesEqualTheWholeImage() throws Exception {
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "example");
        Path scene = ClassifyFixtures.scene(300, 190).write(dir.resolve("scene.tif"));
        Path whole = dir.resolve("whole.tif");
        ClassificationSummary one = ClassifyRaster.run(ecd, scene, whole, ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        assertEquals(1, one.plan().tiles(), one.plan().describe());
        assertEquals(2, one.plan().padding(), "ModelPadding from the receptive field");
        long[] expected = values(whole);
        Path tiled = dir.resolve("tiled.tif");
        ClassificationSummary small = ClassifyRaster.run(ecd, scene, tiled, ClassifyOptions.DEFAULT.withTile(48),
                ClassifyListener.SILENT);
        assertEquals(2, small.plan().padding());
        assertTrue(small.plan().tiles() > 20, small.plan().describe());
        long[] got = values(tiled);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], "pixel (" + i % 300 + ", " + i / 300 + ")");
        }
    }

    /**
     * Calibration changes no pixel: with nothing asked for, the run times settings on its own calls
     * (or takes those timed earlier on this machine) and says so in its plan; the output equals the
     * run that takes the definition's settings as they are. 81 calls of one 512-pixel tile (MiniBatchSize
     * 1, cores of 508), so that 5% of the run's time pays for timing at least the default (4 calls); a run of a
     * few calls is left as it is.
     */
    @Test
    void calibratedTilesAndBatchesChangeNoPixel() throws Exception {
        // A cache of this test's own: what earlier runs of the build timed must not decide what this one does.
        System.setProperty("ecdkit.cache", dir.resolve("cache").toString());
        try {
            calibrateTwoScenes();
        } finally {
            System.clearProperty("ecdkit.cache");
        }
    }

    private void calibrateTwoScenes() throws Exception {
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("example.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES.replace("\"MiniBatchSize\":4",
                "\"MiniBatchSize\":1"), "example");
        Path scene = ClassifyFixtures.scene(4572, 4572).write(dir.resolve("scene.tif"));
        Path plain = dir.resolve("plain.tif");
        ClassificationSummary asIs = ClassifyRaster.run(ecd, scene, plain, ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        assertEquals("", asIs.plan().calibration());
        assertEquals(81, asIs.plan().calls(), asIs.plan().describe());
        Path calibrated = dir.resolve("calibrated.tif");
        ClassificationSummary timed = ClassifyRaster.run(ecd, scene, calibrated, ClassifyOptions.DEFAULT.withRun(
                ClassifyOptions.DEFAULT.run().withCalibrate(true)), ClassifyListener.SILENT);
        assertTrue(timed.plan().calibration().startsWith("the fastest of "), timed.plan().describe());
        assertTrue(timed.plan().describe().contains("; tile and batch calibrated: the fastest of "), timed.plan().describe());
        long[] expected = values(plain);
        long[] got = values(calibrated);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], "pixel (" + i % 4572 + ", " + i / 4572 + ")");
        }

        Path small = ClassifyFixtures.scene(600, 500).write(dir.resolve("small.tif"));
        ClassificationSummary shortRun = ClassifyRaster.run(ecd, small, dir.resolve("small-out.tif"), ClassifyOptions.DEFAULT
                .withRun(ClassifyOptions.DEFAULT.run().withCalibrate(true)), ClassifyListener.SILENT);
        assertEquals("", shortRun.plan().calibration(), "4 calls: timing would cost more than it could save, and only the "
                + "default's time is known from the run before");
    }

    /** Today's COG compressions, written by GDAL, classify as their Deflate original does, pixel for pixel. */
    @Test
    void zstdAndLzmaImageryWrittenByGdalClassifies() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(230, 170).write(dir.resolve("scene.tif"));
        for (String[] options : List.of(new String[] {"-co", "COMPRESS=ZSTD", "-co", "PREDICTOR=2", "-co", "TILED=YES"},
                new String[] {"-co", "COMPRESS=LZMA"})) {
            Path encoded = Gdal.translate(scene, dir.resolve("encoded.tif"), options);
            Path out = dir.resolve("out.tif");
            ClassifyRaster.run(ecd, encoded, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(0), ClassifyListener.SILENT);
            long[] values = values(out);
            for (int y = 0; y < 170; y++) {
                for (int x = 0; x < 230; x++) {
                    assertEquals(ClassifyFixtures.thresholdClass(x, y), values[y * 230 + x], options[1] + " (" + x + ", " + y + ")");
                }
            }
            Files.delete(encoded);
        }
    }

    /**
     * A TIFF whose georeferencing and CRS GDAL keeps in its sidecars (PROFILE=BASELINE: a .tfw and an
     * .aux.xml) classifies into a georeferenced output: gdalinfo reads the same origin and EPSG code.
     */
    @Test
    void georeferencingFromGdalsSidecarsReachesTheOutput() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(150, 100).write(dir.resolve("scene.tif"));
        Path baseline = Gdal.translate(scene, dir.resolve("baseline.tif"), "-co", "PROFILE=BASELINE", "-co", "TFW=YES");
        Path out = dir.resolve("out.tif");
        ClassifyRaster.run(ecd, baseline, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(0), ClassifyListener.SILENT);
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("Origin = (500000.000000000000000,4100000.000000000000000)"), info);
        assertTrue(info.contains("Pixel Size = (0.600000000000000,-0.600000000000000)"), info);
        assertTrue(info.contains("ID[\"EPSG\",32611]"), info);
    }

    /**
     * An unorthorectified satellite image placed by its RPC sensor model (no geotransform): the model
     * is carried to the output, where GDAL reads the same coefficients. The image is made by GDAL from
     * a VRT that declares the RPC metadata domain.
     */
    @Test
    void rpcCoefficientsAreCarriedToTheOutput() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        StringBuilder vrt = new StringBuilder("<VRTDataset rasterXSize=\"64\" rasterYSize=\"48\"><Metadata domain=\"RPC\">");
        String[][] rpc = {{"LINE_OFF", "24"}, {"SAMP_OFF", "32"}, {"LAT_OFF", "40.5"}, {"LONG_OFF", "-105.25"},
            {"HEIGHT_OFF", "1500"}, {"LINE_SCALE", "24"}, {"SAMP_SCALE", "32"}, {"LAT_SCALE", "0.01"}, {"LONG_SCALE", "0.01"},
            {"HEIGHT_SCALE", "500"}, {"LINE_NUM_COEFF", "0 0 -1" + " 0".repeat(17)}, {"LINE_DEN_COEFF", "1" + " 0".repeat(19)},
            {"SAMP_NUM_COEFF", "0 1" + " 0".repeat(18)}, {"SAMP_DEN_COEFF", "1" + " 0".repeat(19)}};
        for (String[] item : rpc) {
            vrt.append("<MDI key=\"").append(item[0]).append("\">").append(item[1]).append("</MDI>");
        }
        vrt.append("</Metadata>");
        for (int band = 1; band <= 4; band++) {
            vrt.append("<VRTRasterBand dataType=\"Byte\" band=\"").append(band).append("\"/>");
        }
        vrt.append("</VRTDataset>");
        Path scene = Gdal.translate(Files.writeString(dir.resolve("rpc.vrt"), vrt), dir.resolve("rpc.tif"));
        assertTrue(Gdal.run("gdalinfo", scene.toString()).contains("LAT_OFF=40.5"));
        Path out = dir.resolve("out.tif");
        ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(0), ClassifyListener.SILENT);
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("RPC Metadata:"), info);
        for (String expected : List.of("LINE_OFF=24", "SAMP_OFF=32", "LAT_OFF=40.5", "LONG_OFF=-105.25", "HEIGHT_SCALE=500")) {
            assertTrue(info.contains(expected), expected + " in " + info);
        }
    }

    /**
     * An RGBA orthophoto (GDAL's ALPHA=YES: the fourth sample is ExtraSamples alpha) for an RGB model: the
     * alpha band is left out of the bands fed, said in the plan, and its transparent collar (alpha 0) is
     * nodata in the output instead of being classified as land cover.
     */
    @Test
    void anAlphaBandIsNotFedAndItsTransparentPixelsAreNodata() throws Exception {
        Gdal.require();
        Path model = OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, "height", "width")
                .conv("image", "scores", new float[][] {{1, 0, -1}, {-1, 0, 1}}, new float[] {0, 0})
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width")
                .write(dir.resolve("rgb.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES.replace("\"NumberRasterBands\":4",
                "\"NumberRasterBands\":3"), "rgb");
        Path four = GeoTiffFixture.of(120, 80, 4, SampleType.UINT8, (x, y, b) -> b == 3 ? (x < 50 ? 0 : 255)
                : (x * (b + 3) + y * (5 - b)) % 251).epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("four.tif"));
        Path rgba = Gdal.translate(four, dir.resolve("rgba.tif"), "-co", "ALPHA=YES", "-co", "PHOTOMETRIC=RGB");
        assertTrue(Gdal.run("gdalinfo", rgba.toString()).contains("ColorInterp=Alpha"));
        Path out = dir.resolve("out.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, rgba, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(0),
                ClassifyListener.SILENT);
        assertTrue(summary.plan().bandChoice().contains("bands [1, 2, 3]; band 4 is alpha"), summary.plan().bandChoice());
        long[] values = values(out);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                int red = (x * 3 + y * 5) % 251;
                int blue = (x * 5 + y * 3) % 251;
                long expected = x < 50 ? 0 : blue > red ? 200 : 100;
                assertEquals(expected, values[y * 120 + x], "(" + x + ", " + y + ")");
            }
        }
        assertEquals(50L * 80, summary.nodataPixels());
    }

    /**
     * GDAL's external mask ({@code IN.tif.msk}, written by {@code gdal_translate -mask}): where it is 0
     * the pixel is nodata in the output; a mask of another size is refused in one line.
     */
    @Test
    void gdalsExternalMaskMakesNodata() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path source = collarInBandFour();
        Path masked = Gdal.translate(source, dir.resolve("masked.tif"), "-mask", "4", "--config", "GDAL_TIFF_INTERNAL_MASK", "NO");
        assertTrue(Files.exists(dir.resolve("masked.tif.msk")));
        Path out = dir.resolve("out.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, masked, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(0),
                ClassifyListener.SILENT);
        long[] values = values(out);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 150; x++) {
                assertEquals(x < 40 ? 0 : ClassifyFixtures.thresholdClass(x, y), values[y * 150 + x], "(" + x + ", " + y + ")");
            }
        }
        assertEquals(40L * 90, summary.nodataPixels());
        Files.delete(dir.resolve("masked.tif.msk"));
        GeoTiffFixture.of(10, 10, 1, SampleType.UINT8, (x, y, b) -> 255).write(dir.resolve("masked.tif.msk"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClassifyRaster.run(ecd, masked,
                dir.resolve("out2.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT));
        assertTrue(e.getMessage().contains("masked.tif.msk: a mask of 10 x 10 pixels for a raster of 150 x 90"), e.getMessage());
    }

    /**
     * An aerial JPEG with the mask GDAL writes inside the file (its collar): the collar is nodata, the
     * rest classified (JPEG changed the pixels, so only the mask's effect is checked exactly).
     */
    @Test
    void aJpegFilesInternalMaskMakesNodata() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path source = collarInBandFour();
        Path jpeg = Gdal.translate(source, dir.resolve("jpeg.tif"), "-mask", "4", "-co", "COMPRESS=JPEG", "-co", "TILED=YES",
                "--config", "GDAL_TIFF_INTERNAL_MASK", "YES");
        assertTrue(!Files.exists(dir.resolve("jpeg.tif.msk")));
        Path out = dir.resolve("out.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, jpeg, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(0),
                ClassifyListener.SILENT);
        long[] values = values(out);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 150; x++) {
                assertEquals(x < 40, values[y * 150 + x] == 0, "(" + x + ", " + y + ")");
            }
        }
        assertEquals(40L * 90, summary.nodataPixels());
    }

    /**
     * The output is a Cloud Optimized GeoTIFF (GDAL's validator, with every block's leader and
     * trailer), with overviews, and carries its classes inside: copied without its .aux.xml, the TIFF
     * still holds the attribute table (names, colours, counts) in its GDAL_METADATA tag.
     */
    @Test
    void theOutputIsACogThatKeepsItsClassesWhenCopiedAlone() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(700, 530).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("classified.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(128).withPadding(4),
                ClassifyListener.SILENT);
        Path alone = Files.createDirectory(dir.resolve("copied")).resolve("alone.tif");
        Files.copy(out, alone);
        String report = Gdal.validateCog(alone);
        assertTrue(report.contains("is a valid cloud optimized GeoTIFF"), report);
        String info = Gdal.run("gdalinfo", alone.toString());
        assertTrue(info.contains("Overviews: 350x265, 175x133"), info);
        assertTrue(info.contains("Description = classes of"), info);
        String tiff = new String(Files.readAllBytes(alone), java.nio.charset.StandardCharsets.UTF_8);
        int start = tiff.indexOf("<GDALMetadata>");
        String metadata = tiff.substring(start, tiff.indexOf("</GDALMetadata>", start) + "</GDALMetadata>".length());
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        org.w3c.dom.NodeList rows = xml.getElementsByTagName("Row");
        assertEquals(summary.classes().size(), rows.getLength());
        for (int i = 0; i < rows.getLength(); i++) {
            org.w3c.dom.NodeList cells = ((org.w3c.dom.Element) rows.item(i)).getElementsByTagName("F");
            assertEquals(summary.classes().get(i).name(), cells.item(2).getTextContent());
            assertEquals(summary.classes().get(i).pixels(), Long.parseLong(cells.item(1).getTextContent()));
        }
    }

    /** A lossless JPEG 2000 of the scene classifies to the same pixels, and the same place, as the scene's GeoTIFF. */
    @Test
    void aJpeg2000InputClassifiesAsItsGeoTiff() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(300, 200).write(dir.resolve("scene.tif"));
        Path jp2 = Gdal.translate(scene, dir.resolve("scene.jp2"), "-of", "JP2OpenJPEG", "-co", "REVERSIBLE=YES", "-co", "QUALITY=100",
                "-co", "BLOCKXSIZE=128", "-co", "BLOCKYSIZE=128");
        ClassifyRaster.run(ecd, scene, dir.resolve("from-tif.tif"), ClassifyOptions.DEFAULT.withTile(64).withPadding(4),
                ClassifyListener.SILENT);
        ClassifyRaster.run(ecd, jp2, dir.resolve("from-jp2.tif"), ClassifyOptions.DEFAULT.withTile(64).withPadding(4),
                ClassifyListener.SILENT);
        assertArrayEquals(values(dir.resolve("from-tif.tif")), values(dir.resolve("from-jp2.tif")));
        String info = Gdal.run("gdalinfo", dir.resolve("from-jp2.tif").toString());
        assertTrue(info.contains(Gdal.run("gdalinfo", dir.resolve("from-tif.tif").toString()).lines()
                .filter(line -> line.startsWith("Origin")).findFirst().orElseThrow()), info);
    }

    @Test
    void blendingAPointwiseModelEqualsTheWholeImageRun() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(230, 170).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("blended.tif");
        ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(64).withPadding(12).withMerge(MergeMode.BLEND),
                ClassifyListener.SILENT);
        long[] values = values(out);
        for (int y = 0; y < 170; y++) {
            for (int x = 0; x < 230; x++) {
                assertEquals(ClassifyFixtures.thresholdClass(x, y), values[y * 230 + x], "(" + x + ", " + y + ")");
            }
        }
    }

    /** A 150 x 90 scene whose band 4 is 0 in the left 40 columns (a collar to make a mask of), elsewhere the scene's. */
    private Path collarInBandFour() throws Exception {
        return GeoTiffFixture.of(150, 90, 4, SampleType.UINT8, (x, y, b) -> b == 3 && x < 40 ? 0 : ClassifyFixtures.sceneValue(x, y, b))
                .epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("source.tif"));
    }

    /** The left 128 columns are nodata in band 1 only (0); elsewhere band 1 is never 0; other bands hit 0 here and there. */
    private Path collarInOneBand() throws Exception {
        return GeoTiffFixture.of(320, 128, 4, SampleType.UINT8, (x, y, b) -> b == 1
                ? (x < 128 ? 0 : 1 + (x + y) % 200) : ClassifyFixtures.sceneValue(x, y, b))
                .tiled(64).nodata("0").epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("nodata.tif"));
    }

    /**
     * By default a pixel is nodata where every fed band holds the nodata value, as GDAL reads a nodata
     * value each band declares: a collar marked in one band only, or a naturally dark pixel with one band
     * at 0, is classified.
     */
    @Test
    void byDefaultAPixelIsNodataOnlyWhereEveryBandIs() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path out = dir.resolve("out.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, collarInOneBand(), out,
                ClassifyOptions.DEFAULT.withTile(64).withPadding(0), ClassifyListener.SILENT);
        long[] values = values(out);
        long nodata = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 320; x++) {
                boolean missing = x < 128 && ClassifyFixtures.sceneValue(x, y, 0) == 0 && ClassifyFixtures.sceneValue(x, y, 2) == 0
                        && ClassifyFixtures.sceneValue(x, y, 3) == 0;
                nodata += missing ? 1 : 0;
                assertEquals(missing ? 0 : ClassifyFixtures.thresholdClass(x, y), values[y * 320 + x], "(" + x + ", " + y + ")");
            }
        }
        assertEquals(nodata, summary.nodataPixels());
        assertEquals(0, summary.times().skippedTiles());
    }

    @Test
    void nodataPixelsStayNodataAndAllNodataTilesAreNotSentToTheModel() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = collarInOneBand();
        Path out = dir.resolve("out.tif");
        List<ClassificationPlan> plans = new ArrayList<>();
        ClassifyOptions options = ClassifyOptions.DEFAULT.withTile(64).withPadding(0).withBatch(1);
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, options.withRun(options.run()
                        .withNodataRule(NodataRule.ANY_BAND)),
                new ClassifyListener() {
                    @Override
                    public void tilesDone(int done, int total) {
                    }

                    @Override
                    public void planned(ClassificationPlan plan) {
                        plans.add(plan);
                    }
                });
        ClassificationPlan plan = plans.get(0);
        assertEquals(10, plan.tiles());
        assertEquals(0, plan.knownEmpty(), "none is known empty before reading: the file stores every block");
        assertEquals(4, summary.times().skippedTiles());
        assertEquals(6, summary.times().batches(), "only the tiles with data reach the model");
        assertEquals(0, plan.nodata().getAsLong());
        long[] values = values(out);
        long nodata = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 320; x++) {
                // By the other rule, nodata in any band makes the pixel nodata: band 1 on the left, and band 0 or 2
                // where they hit 0.
                boolean missing = x < 128 || ClassifyFixtures.sceneValue(x, y, 0) == 0 || ClassifyFixtures.sceneValue(x, y, 2) == 0;
                nodata += missing ? 1 : 0;
                long expected = missing ? 0 : ClassifyFixtures.thresholdClass(x, y);
                assertEquals(expected, values[y * 320 + x], "(" + x + ", " + y + ")");
            }
        }
        assertEquals(nodata, summary.nodataPixels());
        assertTrue(Gdal.run("gdalinfo", out.toString()).contains("NoData Value=0"));
        assertTrue(plan.describe().contains("tiles found entirely nodata are not sent to the model"), plan.describe());
        assertTrue(summary.describe().contains("4 of 10 tiles were entirely nodata and not sent to the model"), summary.describe());
    }

    @Test
    void aBandCountTheModelDoesNotTakeIsRefusedBeforeAnyInference() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path three = GeoTiffFixture.of(64, 64, 3, SampleType.UINT8, (x, y, b) -> x).write(dir.resolve("rgb.tif"));
        Path out = dir.resolve("out.tif");
        List<ClassificationPlan> plans = new ArrayList<>();
        MismatchException e = assertThrows(MismatchException.class, () -> ClassifyRaster.run(ecd, three, out,
                ClassifyOptions.DEFAULT, new ClassifyListener() {
                    @Override
                    public void tilesDone(int done, int total) {
                    }

                    @Override
                    public void planned(ClassificationPlan plan) {
                        plans.add(plan);
                    }
                }));
        assertEquals(three + " has 3 bands but " + ecd + " takes 4 (NumberBands)", e.getMessage());
        assertTrue(plans.isEmpty(), "refused before planning, so before any inference");
        assertFalse(Files.exists(out));
    }

    /**
     * Imagery that says nowhere where it lies (no tags, no sidecar, no world file, no RPCs) is refused
     * before any tile is read, unless the run is asked to work in pixel coordinates.
     */
    @Test
    void ungeoreferencedImageryIsRefusedUnlessAllowed() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path plain = GeoTiffFixture.of(100, 70, 4, SampleType.UINT8, (x, y, b) -> ClassifyFixtures.sceneValue(x, y, b))
                .write(dir.resolve("plain.tif"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClassifyRaster.run(ecd, plain,
                dir.resolve("a.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT));
        assertTrue(e.getMessage().startsWith(plain + ": has no georeferencing"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-ungeoreferenced"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("a.tif")));
        Path out = dir.resolve("b.tif");
        ClassifyRaster.run(ecd, plain, out, ClassifyOptions.DEFAULT.withRun(ClassifyOptions.DEFAULT.run().withAllowUngeoreferenced(true)),
                ClassifyListener.SILENT);
        long[] values = values(out);
        for (int i = 0; i < values.length; i++) {
            assertEquals(ClassifyFixtures.thresholdClass(i % 100, i / 100), values[i]);
        }
    }

    @Test
    void bandsAreChosenWithOneBasedNumbers() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        // Five bands; the model's four are 1, 2, 3 and 5 (band 4 is noise).
        Path five = GeoTiffFixture.of(100, 70, 5, SampleType.UINT8, (x, y, b) -> b == 4 ? ClassifyFixtures.sceneValue(x, y, 3)
                : b == 3 ? 255 : ClassifyFixtures.sceneValue(x, y, b)).epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("five.tif"));
        assertThrows(MismatchException.class, () -> ClassifyRaster.run(ecd, five, dir.resolve("a.tif"), ClassifyOptions.DEFAULT,
                ClassifyListener.SILENT));
        Path out = dir.resolve("b.tif");
        ClassifyRaster.run(ecd, five, out, ClassifyOptions.DEFAULT.withBands(List.of(1, 2, 3, 5)), ClassifyListener.SILENT);
        long[] values = values(out);
        for (int i = 0; i < values.length; i++) {
            assertEquals(ClassifyFixtures.thresholdClass(i % 100, i / 100), values[i]);
        }
    }

    @Test
    void aModelThatOutputsClassIndexesIsRunToo() throws Exception {
        Path model = OnnxFixtures.classIndexOutput(dir.resolve("argmax.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, """
                {"Classifier":"ONNX","NumberRasterBands":4,"Classes":[{"Value":1,"Name":"a","Color":[1,1,1]},
                 {"Value":2,"Name":"b","Color":[2,2,2]},{"Value":3000,"Name":"c","Color":[3,3,3]}]}""", "argmax");
        Path scene = ClassifyFixtures.scene(90, 80).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("out.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(32).withPadding(2),
                ClassifyListener.SILENT);
        assertEquals(SampleType.UINT16, summary.plan().outputType(), "3000 needs 16 bits");
        long[] values = values(out);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 90; x++) {
                double s0 = InferenceFixtures.band0(x, y) - InferenceFixtures.band3(x, y);
                double s1 = -s0;
                double s2 = ClassifyFixtures.sceneValue(x, y, 1);
                int best = s0 >= s1 && s0 >= s2 ? 0 : s1 >= s2 ? 1 : 2;
                assertEquals(new long[] {1, 2, 3000}[best], values[y * 90 + x], "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void twoHundredClassesAreKeptInWideRowsAndMappedToTheirValues() throws Exception {
        Path model = OnnxFixtures.classIndexOutput(dir.resolve("argmax.onnx"));
        StringBuilder classes = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            classes.append(i == 0 ? "" : ",").append("{\"Value\":").append(1000 + i).append(",\"Name\":\"c").append(i)
                    .append("\",\"Color\":[").append(i).append(",0,0]}");
        }
        Path ecd = ClassifyFixtures.definition(dir, model, "{\"Classifier\":\"ONNX\",\"NumberRasterBands\":4,\"Classes\":["
                + classes + "]}", "many");
        Path scene = ClassifyFixtures.scene(70, 50).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("out.tif");
        ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(32).withPadding(2), ClassifyListener.SILENT);
        long[] values = values(out);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 70; x++) {
                double s0 = InferenceFixtures.band0(x, y) - InferenceFixtures.band3(x, y);
                double s2 = ClassifyFixtures.sceneValue(x, y, 1);
                int best = s0 >= -s0 && s0 >= s2 ? 0 : -s0 >= s2 ? 1 : 2;
                assertEquals(1000 + best, values[y * 70 + x], "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void theDataRangeScalesInputValuesBeforeTheModelSeesThem() throws Exception {
        // Scores: band0 - band3, band3 - band0, band1. Mapping 0..255 onto [100, 101] adds 100 to every
        // value, which lifts only the third score (fed by one band): class 3000 everywhere.
        Path model = OnnxFixtures.classIndexOutput(dir.resolve("argmax.onnx"));
        String classes = "\"Classes\":[{\"Value\":1,\"Name\":\"a\",\"Color\":[1,1,1]},{\"Value\":2,\"Name\":\"b\",\"Color\":[2,2,2]},"
                + "{\"Value\":3000,\"Name\":\"c\",\"Color\":[3,3,3]}]";
        Path scaled = ClassifyFixtures.definition(dir, model, "{\"Classifier\":\"ONNX\",\"NumberRasterBands\":4,"
                + "\"DataRange\":[100,101]," + classes + "}", "scaled");
        Path plain = ClassifyFixtures.definition(dir, model, "{\"Classifier\":\"ONNX\",\"NumberRasterBands\":4," + classes + "}", "plain");
        Path scene = ClassifyFixtures.scene(80, 60).write(dir.resolve("scene.tif"));
        ClassifyRaster.run(scaled, scene, dir.resolve("scaled.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        ClassifyRaster.run(plain, scene, dir.resolve("plain.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        assertTrue(java.util.Arrays.stream(values(dir.resolve("scaled.tif"))).allMatch(v -> v == 3000));
        assertTrue(java.util.Arrays.stream(values(dir.resolve("plain.tif"))).distinct().count() > 1);
    }

    @Test
    void aTileOffsetPastTheEndOfTheFileIsRefusedBeforeAnyOutput() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(300, 200).write(dir.resolve("scene.tif"));
        // GDAL writes the image directory before the tiles: cut the file, and its directory survives,
        // pointing at tiles past the new end.
        Path gdal = Gdal.translate(scene, dir.resolve("gdal.tif"), "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE");
        byte[] bytes = Files.readAllBytes(gdal);
        Path cut = Files.write(dir.resolve("cut.tif"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClassifyRaster.run(ecd, cut,
                dir.resolve("out.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT));
        assertTrue(e.getMessage().startsWith(cut + ": at byte ") && e.getMessage().contains("lies past the end of the file"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.tif")));
    }

    @Test
    void aModelOfFixedTileSizeClassifiesAnImageSmallerThanItsTile() throws Exception {
        Path ecd = ClassifyFixtures.definition(dir, OnnxFixtures.fixedTiles(dir.resolve("fixed.onnx")),
                ClassifyFixtures.TWO_CLASSES, "fixed");
        Path scene = ClassifyFixtures.scene(300, 150).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("out.tif");
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
        assertEquals(256, summary.plan().tileWidth());
        assertEquals(150, summary.plan().tileHeight(), "the window spans the image; the model's 256 rows are mirrored");
        long[] values = values(out);
        for (int i = 0; i < values.length; i++) {
            assertEquals(ClassifyFixtures.thresholdClass(i % 300, i / 300), values[i]);
        }
    }

    @Test
    void aModelThatCropsItsOwnBorderIsMappedBack() throws Exception {
        // A 3x3 convolution without padding: its output is 2 pixels smaller than its input.
        float[] weights = new float[2 * 4 * 9];
        for (int k = 0; k < 9; k++) {
            weights[k] = 1;                  // out 0 <- band 0
            weights[4 * 9 + 3 * 9 + k] = 1;  // out 1 <- band 3
        }
        Path model = OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 4, "height", "width")
                .initializer("W", new long[] {2, 4, 3, 3}, weights)
                .node("Conv", List.of("image", "W"), List.of("scores"), OnnxModelBuilder.ints("kernel_shape", 3, 3),
                        OnnxModelBuilder.ints("pads", 0, 0, 0, 0))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "h", "w")
                .write(dir.resolve("valid.onnx"));
        Path ecd = ClassifyFixtures.definition(dir, model, ClassifyFixtures.TWO_CLASSES, "valid");
        Path scene = ClassifyFixtures.scene(120, 90).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("out.tif");
        ClassifyRaster.run(ecd, scene, out, ClassifyOptions.DEFAULT.withTile(40).withPadding(4), ClassifyListener.SILENT);
        long[] values = values(out);
        for (int y = 1; y < 89; y++) {
            for (int x = 1; x < 119; x++) {
                double s0 = 0;
                double s1 = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        s0 += InferenceFixtures.band0(x + dx, y + dy);
                        s1 += InferenceFixtures.band3(x + dx, y + dy);
                    }
                }
                assertEquals(s1 > s0 ? 200 : 100, values[y * 120 + x], "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aChangedModelIsRefusedUnlessAllowed() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(64, 64).write(dir.resolve("scene.tif"));
        Path model = dir.resolve("threshold.onnx");
        byte[] bytes = Files.readAllBytes(model);
        // Appending an empty graph field changes the bytes, not the model: protobuf merges it into the graph.
        Files.write(model, new byte[] {0x3A, 0x00}, java.nio.file.StandardOpenOption.APPEND);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ClassifyRaster.run(ecd, scene, dir.resolve("out.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT));
        assertTrue(e.getMessage().contains("ModelSHA256: the model") && e.getMessage().contains("has changed since this definition was written")
                && e.getMessage().endsWith("--allow-changed-model"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.tif")));
        List<Finding> heard = new ArrayList<>();
        Files.write(model, bytes);
        Files.write(model, new byte[] {0x32, 0x01, 0x78}, java.nio.file.StandardOpenOption.APPEND); // producer_name "x"
        ClassificationSummary summary = ClassifyRaster.run(ecd, scene, dir.resolve("out.tif"),
                ClassifyOptions.DEFAULT.withAllowChangedModel(true), new ClassifyListener() {
                    @Override
                    public void tilesDone(int done, int total) {
                    }

                    @Override
                    public void noted(Finding finding) {
                        heard.add(finding);
                    }
                });
        assertTrue(heard.stream().anyMatch(f -> f.code().equals("model-changed")), heard.toString());
        assertEquals(heard, summary.findings());
    }

    @Test
    void aMissingModelIsAnIoError() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Files.delete(dir.resolve("threshold.onnx"));
        StorageException e = assertThrows(StorageException.class, () -> ClassifyRaster.run(ecd,
                ClassifyFixtures.scene(8, 8).write(dir.resolve("s.tif")), dir.resolve("o.tif"), ClassifyOptions.DEFAULT,
                ClassifyListener.SILENT));
        assertTrue(e.getMessage().contains("threshold.onnx: no such file or folder"), e.getMessage());
    }

    @Test
    void badInputsAreRefusedWithoutAnyOutput() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path notTiff = Files.writeString(dir.resolve("notes.tif"), "this is not an image");
        Path truncated = ClassifyFixtures.scene(300, 200).truncateAt(20_000).write(dir.resolve("cut.tif"));
        List<Path> before = filesIn(dir);
        for (Path input : List.of(notTiff, truncated)) {
            EcdkitException e = assertThrows(EcdkitException.class, () -> ClassifyRaster.run(ecd, input,
                    dir.resolve("out.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT));
            assertTrue(e.getMessage().startsWith(input.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        }
        StorageException missingFolder = assertThrows(StorageException.class, () -> ClassifyRaster.run(ecd,
                ClassifyFixtures.scene(8, 8).write(dir.resolve("s.tif")), dir.resolve("nowhere/out.tif"),
                ClassifyOptions.DEFAULT, ClassifyListener.SILENT));
        assertTrue(missingFolder.getMessage().contains("does not exist"), missingFolder.getMessage());
        List<Path> after = new ArrayList<>(filesIn(dir));
        after.remove(dir.resolve("s.tif"));
        assertEquals(before, after, "no output, no temporary file");
    }

    @Test
    void aFullDiskLeavesNoPartialOutput() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(600, 400).write(dir.resolve("scene.tif"));
        List<Path> before = filesIn(dir);
        ClassifyRaster fullDisk = new ClassifyRaster(channel -> new FullDisk(channel, 2_000));
        StorageException e = assertThrows(StorageException.class, () -> fullDisk.classify(ecd, scene,
                dir.resolve("out.tif"), ClassifyOptions.DEFAULT.withTile(64), ClassifyListener.SILENT));
        assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("out.tif")) && e.getMessage().endsWith("disk full (no space left on device)"),
                e.getMessage());
        assertEquals(before, filesIn(dir));
    }

    @Test
    void aStatisticalDefinitionIsRecognisedAndRefused() throws Exception {
        Path mlc = Files.writeString(dir.resolve("mlc.ecd"), "{\"EsriClassifierDefinitionFile\":0,\"FileVersion\":1,"
                + "\"Definitions\":[{\"Classifier\":\"MaximumLikelihood\",\"NumberBands\":3,\"Classes\":[]}]}");
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> ClassifyRaster.run(mlc,
                ClassifyFixtures.scene(8, 8).write(dir.resolve("s.tif")), dir.resolve("o.tif"), ClassifyOptions.DEFAULT,
                ClassifyListener.SILENT));
        assertTrue(e.getMessage().endsWith("a MaximumLikelihood definition is a statistical classifier trained in ArcGIS; "
                + "ecdkit runs deep-learning definitions only"), e.getMessage());
    }

    @Test
    void thePreviewShowsTheClassColoursWithALegend() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(300, 200).write(dir.resolve("scene.tif"));
        Path png = dir.resolve("preview.png");
        ClassifyRaster.run(ecd, scene, dir.resolve("out.tif"), ClassifyOptions.DEFAULT.withPreview(png), ClassifyListener.SILENT);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 300 && image.getHeight() >= 200, image.getWidth() + " x " + image.getHeight());
        int expected = ClassifyFixtures.thresholdClass(10, 10) == 100 ? 0xCCCCCC : 0x38A800;
        assertEquals(expected, image.getRGB(10, 10) & 0xFFFFFF);
    }

    @Test
    void gdalEncodedInputsClassifyAlike() throws Exception {
        Gdal.require();
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(257, 131).write(dir.resolve("scene.tif"));
        Path lzw = Gdal.translate(scene, dir.resolve("lzw.tif"), "-co", "COMPRESS=LZW", "-co", "INTERLEAVE=BAND",
                "-co", "PREDICTOR=2");
        Path out = dir.resolve("out.tif");
        ClassifyRaster.run(ecd, lzw, out, ClassifyOptions.DEFAULT.withTile(64), ClassifyListener.SILENT);
        long[] values = values(out);
        for (int i = 0; i < values.length; i++) {
            assertEquals(ClassifyFixtures.thresholdClass(i % 257, i / 257), values[i]);
        }
    }

    /** A channel whose disk fills up after {@code capacity} bytes. */
    static final class FullDisk implements SeekableByteChannel {
        private final FileChannel channel;
        private final long capacity;

        FullDisk(FileChannel channel, long capacity) {
            this.channel = channel;
            this.capacity = capacity;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            if (channel.position() + source.remaining() > capacity) {
                throw new IOException("No space left on device");
            }
            return channel.write(source);
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return channel.read(target);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long position) throws IOException {
            channel.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
