package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifyCommandTest {

    @TempDir
    Path dir;
    Path definition;
    Path scene;

    @BeforeEach
    void files() throws Exception {
        Path model = OnnxFixtures.imperviousExample().write(dir.resolve("model.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX"));
        definition = dir.resolve("model.ecd");
        assertEquals(0, CommandRun.of("convert", model.toString(), info.toString(), definition.toString()).exitCode());
        scene = GeoTiffFixture.of(300, 200, 4, SampleType.UINT8, (x, y, b) -> b == 3 ? (x * 3 + y) % 250 : (x + 2 * y) % 240)
                .tiled(64).epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("scene.tif"));
    }

    /**
     * A COG served over HTTP classifies to the same pixels as the local file, and an output named as
     * an s3:// URL is uploaded, with its attribute table, once written.
     */
    @Test
    void aRemoteCogClassifiesAsTheLocalFileAndTheOutputGoesToS3() throws Exception {
        Gdal.require();
        Path cog = Gdal.translate(scene, Files.createDirectory(dir.resolve("served")).resolve("scene.tif"), "-of", "COG",
                "-co", "BLOCKSIZE=128");
        Path local = dir.resolve("local.tif");
        assertEquals(0, CommandRun.of("classify", "-q", definition.toString(), scene.toString(), local.toString()).exitCode());
        try (org.ecdkit.remote.fixture.RangeServer server = new org.ecdkit.remote.fixture.RangeServer(cog.getParent());
                org.ecdkit.remote.fixture.InProcessS3 s3 = new org.ecdkit.remote.fixture.InProcessS3("results")) {
            CommandRun run = CommandRun.of("classify", definition.toString(), server.url("scene.tif"), "s3://results/run/classes.tif");
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith("Classifying " + server.url("scene.tif") + " (300 x 200"), run.out());
            assertTrue(run.out().endsWith("wrote s3://results/run/classes.tif and s3://results/run/classes.tif.aux.xml\n"), run.out());
            Path downloaded = dir.resolve("downloaded.tif");
            try (java.io.InputStream in = s3.blobs().getBlob("results", "run/classes.tif").getPayload().openStream()) {
                Files.copy(in, downloaded);
            }
            assertTrue(s3.blobs().blobExists("results", "run/classes.tif.aux.xml"));
            assertArrayEquals(Gdal.values(local), Gdal.values(downloaded));
            // A server that refuses: exit 4 (I/O), one line naming the URL, and no output at all.
            server.behave(org.ecdkit.remote.fixture.RangeServer.Behaviour.FORBIDDEN);
            Path refusedOut = dir.resolve("refused.tif");
            CommandRun refused = CommandRun.of("classify", definition.toString(), server.url("scene.tif"), refusedOut.toString());
            assertEquals(4, refused.exitCode(), refused.toString());
            assertEquals("error: cannot read " + server.url("scene.tif") + ": HTTP 403 Forbidden\n", refused.err());
            assertFalse(Files.exists(refusedOut));
        }
    }

    @Test
    void classifyPrintsThePlanThenTheSummary() throws Exception {
        Path out = dir.resolve("classes.tif");
        Path png = dir.resolve("preview.png");
        CommandRun run = CommandRun.of("classify", definition.toString(), scene.toString(), out.toString(),
                "--tile", "128", "--padding", "8", "--batch", "2", "--threads", "1", "--preview", png.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("Classifying " + scene + " (300 x 200, 4 bands of Byte"), run.out());
        String plan = run.out().substring(0, run.out().indexOf("  class")).replace('\n', ' ');
        assertTrue(plan.contains("Tiles of 128 x 128 pixels, 8 pixels of padding (cores of 112 x 112), 6 tiles"), plan);
        assertTrue(run.out().contains("Impervious"), run.out());
        assertTrue(run.out().contains("wall / inference = "), run.out());
        assertTrue(run.out().endsWith("wrote " + out + " and " + out + ".aux.xml and " + png + "\n"), run.out());
        assertEquals("", run.err(), "not a terminal: no progress bar");
        assertTrue(Gdal.run("gdalinfo", out.toString()).contains("ColorInterp=Palette"));
    }

    @Test
    void quietPrintsNothing() {
        CommandRun run = CommandRun.of("classify", "-q", definition.toString(), scene.toString(), dir.resolve("q.tif").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.out());
        assertEquals("", run.err());
    }

    @Test
    void aRasterOfTheWrongBandCountExitsWithFiveBeforeAnyOutput() throws Exception {
        Path rgb = GeoTiffFixture.of(50, 40, 3, SampleType.UINT8, (x, y, b) -> x).write(dir.resolve("rgb.tif"));
        Path out = dir.resolve("out.tif");
        CommandRun run = CommandRun.of("classify", definition.toString(), rgb.toString(), out.toString());
        assertEquals(5, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + rgb + " has 3 bands but " + definition + " takes 4 (NumberBands)"), run.errLines(),
                "one line, and no advice meant for convert");
        assertFalse(Files.exists(out));
        assertFalse(run.err().contains("\tat "));
    }

    @Test
    void aMissingModelExitsWithFour() throws Exception {
        Files.delete(dir.resolve("model.onnx"));
        CommandRun run = CommandRun.of("classify", definition.toString(), scene.toString(), dir.resolve("o.tif").toString());
        assertEquals(4, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
    }

    @Test
    void anInputThatIsNotATiffExitsWithThree() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.tif"), "not an image");
        CommandRun run = CommandRun.of("classify", definition.toString(), text.toString(), dir.resolve("o.tif").toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + text + ": not a raster format ecdkit reads (it reads GeoTIFF, JPEG 2000, GDAL VRT, Sentinel-2 product, list of tiles); convert it with "
                + "gdal_translate -of GTiff -co TILED=YES -co COMPRESS=DEFLATE notes.tif OUT.tif"), run.errLines());
    }

    /**
     * An .emd, a .dlpk and a STAC item run as the .ecd they were exported from does, byte for byte;
     * the definition made for the run, and a package's extracted model, are gone afterwards; a
     * package whose classes contradict its model is refused as convert refuses it.
     */
    @Test
    void todaysDescriptionsClassifyAsTheirDefinitionDoes() throws Exception {
        Path expected = dir.resolve("ecd.tif");
        assertEquals(0, CommandRun.of("classify", "-q", definition.toString(), scene.toString(), expected.toString()).exitCode());
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = scratchFolders(tmp);
        for (String[] format : new String[][] {{"emd", "m.emd", "an Esri model definition (.emd)"},
                {"dlpk", "m.dlpk", "an Esri deep learning package (.dlpk)"},
                {"mlm", "m.json", "a STAC item with the Machine Learning Model extension"}}) {
            Path description = dir.resolve(format[1]);
            assertEquals(0, CommandRun.of("export", "--to", format[0], definition.toString(), description.toString()).exitCode());
            Path out = dir.resolve(format[0] + ".tif");
            CommandRun run = CommandRun.of("classify", description.toString(), scene.toString(), out.toString());
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.out().startsWith(description + " is " + format[2] + "; it was converted to a classifier definition "
                    + "for this run"), run.out());
            assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out), format[0]);
        }
        assertEquals(before, scratchFolders(tmp), "scratch definitions are removed");

        Path dlpk = dir.resolve("m.dlpk");
        Path wrong = dir.resolve("wrong.dlpk");
        rewriteEntry(dlpk, wrong, "m.emd", emd -> emd.replace("\"ExtractBands\": [0, 1, 2, 3]", "\"ExtractBands\": [0, 1, 2]"));
        Path out = dir.resolve("wrong.tif");
        CommandRun refused = CommandRun.of("classify", wrong.toString(), scene.toString(), out.toString());
        assertEquals(5, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("takes 4 bands"), refused.toString());
        assertFalse(Files.exists(out));
        assertEquals(before, scratchFolders(tmp), "and removed when the conversion fails");
    }

    private static java.util.Set<Path> scratchFolders(Path tmp) throws Exception {
        try (var list = Files.list(tmp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("ecdkit-")).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Copies a zip, changing the text of one entry. */
    private static void rewriteEntry(Path from, Path to, String name, java.util.function.UnaryOperator<String> change)
            throws Exception {
        try (var in = new java.util.zip.ZipFile(from.toFile());
                var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (var entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(name)) {
                    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    String changed = change.apply(text);
                    assertNotEquals(text, changed, "the change applies");
                    bytes = changed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    @Test
    void swappedArgumentsAreNamedForWhatTheyAre() {
        Path out = dir.resolve("o.tif");
        CommandRun run = CommandRun.of("classify", scene.toString(), definition.toString(), out.toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + scene + ": this is a TIFF image, not JSON text; check the order of the arguments"),
                run.errLines());
        assertFalse(Files.exists(out));
        Path model = dir.resolve("model.onnx");
        CommandRun given = CommandRun.of("classify", model.toString(), scene.toString(), out.toString());
        assertEquals(3, given.exitCode(), given.toString());
        assertEquals(List.of("error: " + model + ": this is an ONNX model, not a classifier definition (.ecd); make one "
                + "first: ecdkit convert model.onnx CLASS_INFO_JSON OUT.ecd"), given.errLines());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--tile|0|error: --tile 0 is not a tile side; give a number of pixels",
        "--batch|-3|error: --batch -3 is not a number of tiles; give 1 or more",
        "--padding|-1|error: --padding -1 is negative; give 0 or more pixels",
        "--padding|64|error: --padding 64 leaves no core in tiles of 128 x 128 (it must be under 64)",
        "--threads|-1|error: --threads -1 is not a number of threads; give 1 or more, or 0 for one per core"})
    void impossibleNumbersAreUsageErrors(String option, String value, String message) {
        Path out = dir.resolve("o.tif");
        CommandRun run = option.equals("--tile")
                ? CommandRun.of("classify", definition.toString(), scene.toString(), out.toString(), option, value)
                : CommandRun.of("classify", definition.toString(), scene.toString(), out.toString(), "--tile", "128",
                        option, value);
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of(message), run.errLines());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBatchLargerThanTheImageShrinksToItsTiles() {
        CommandRun run = CommandRun.of("classify", definition.toString(), scene.toString(), dir.resolve("o.tif").toString(),
                "--tile", "128", "--padding", "8", "--batch", "100000");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().replace('\n', ' ').contains("6 tiles; batches of 6 (1 call)"), run.out());
    }

    @Test
    void aWrongChoiceIsAUsageError() {
        CommandRun run = CommandRun.of("classify", "--merge", "average", definition.toString(), scene.toString(), dir.resolve("o.tif").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of("error: --merge average is not one of [crop, blend]"), run.errLines());
        CommandRun bands = CommandRun.of("classify", "--nodata-bands", "most", definition.toString(), scene.toString(),
                dir.resolve("o.tif").toString());
        assertEquals(2, bands.exitCode(), bands.toString());
        assertEquals(List.of("error: --nodata-bands most is not one of [all, any]"), bands.errLines());
        assertFalse(Files.exists(dir.resolve("o.tif")));
    }
}
