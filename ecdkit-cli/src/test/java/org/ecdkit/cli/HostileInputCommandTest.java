package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or careless user found (issue 11), each through the command line as they met it:
 * the command must refuse in one line with its documented exit code, or do the right thing; never
 * destroy a file, never exit 0 with a wrong result, never hang, never report an internal error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputCommandTest {

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
        scene = GeoTiffFixture.of(200, 150, 4, SampleType.UINT8, (x, y, b) -> b == 3 ? (x * 3 + y) % 250 : (x + 2 * y) % 240)
                .tiled(64).epsg(32611, 500000, 4100000, 0.6).write(dir.resolve("scene.tif"));
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        return fifo;
    }

    private static boolean isFifo(Path path) throws Exception {
        return ((Integer) Files.getAttribute(path, "unix:mode") & 0170000) == 0010000;
    }

    private List<Path> files(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        }
    }

    private static void assertOneLine(CommandRun run, int code, String expected) {
        assertEquals(code, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.err().contains(expected), run.toString());
        assertFalse(run.err().contains("internal error"), run.toString());
    }

    // 1. An output path that exists and is not a regular file.

    @Test
    void aNamedPipeAsTheOutputIsRefusedAndStaysAPipe() throws Exception {
        Path pipe = fifo("out.tif");
        CommandRun run = CommandRun.of("classify", "-q", definition.toString(), scene.toString(), pipe.toString());
        assertOneLine(run, 2, "it is a named pipe (FIFO); ecdkit writes its outputs to regular files");
        assertTrue(isFifo(pipe));
        assertFalse(Files.exists(dir.resolve("out.tif.aux.xml")));
        CommandRun export = CommandRun.of("export", "--to", "emd", definition.toString(), "/dev/stdout");
        assertOneLine(export, 2, "refusing to write /dev/stdout: it leads to /proc/self/fd/1");
        assertTrue(Files.isSymbolicLink(Path.of("/dev/stdout")));
    }

    /** A symbolic link as the output: written through to the file it names, as GDAL does; the link stays. */
    @Test
    void aLinkedOutputIsWrittenThroughTheLink() throws Exception {
        Files.createDirectories(dir.resolve("results"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.tif"), Path.of("results/run1.tif"));
        CommandRun run = CommandRun.of("classify", "-q", definition.toString(), scene.toString(), link.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Gdal.run("gdalinfo", dir.resolve("results/run1.tif").toString()).contains("Size is 200, 150"));
        assertTrue(Files.exists(dir.resolve("latest.tif.aux.xml")), "the attribute table beside the name given, as GDAL reads it");
    }

    // 2. An input's sidecars are inputs.

    @Test
    void theImagerysSidecarsAreInputsAndNeverOverwritten() throws Exception {
        Path aux = Files.writeString(dir.resolve("scene.tif.aux.xml"), "<PAMDataset><SRS>EPSG:32611</SRS></PAMDataset>");
        Path world = Files.writeString(dir.resolve("scene.tfw"), "0.6\n0\n0\n-0.6\n500000.3\n4099999.7\n");
        for (Path sidecar : List.of(aux, world, dir.resolve("scene.tif.ovr"), dir.resolve("scene.tif.msk"))) {
            CommandRun run = CommandRun.of("classify", "-q", definition.toString(), scene.toString(), sidecar.toString());
            assertOneLine(run, 2, "refusing to write " + sidecar + ": it is also an input");
        }
        CommandRun detect = CommandRun.of("detect", "-q", definition.toString(), scene.toString(), aux.toString());
        assertEquals(2, detect.exitCode(), detect.toString());
        assertEquals("<PAMDataset><SRS>EPSG:32611</SRS></PAMDataset>", Files.readString(aux));
        assertEquals("0.6\n0\n0\n-0.6\n500000.3\n4099999.7\n", Files.readString(world));
        assertFalse(Files.exists(dir.resolve("scene.tif.ovr")));
    }

    @Test
    void aPreviewNamedLikeTheOutputsAttributeTableIsRefusedBeforeAnyWork() throws Exception {
        Path out = dir.resolve("classes.tif");
        CommandRun run = CommandRun.of("classify", "-q", definition.toString(), scene.toString(), out.toString(), "--preview",
                dir.resolve("classes.tif.aux.xml").toString());
        assertOneLine(run, 2, "refusing to write " + dir.resolve("classes.tif.aux.xml") + " twice");
        assertFalse(Files.exists(out));
    }

    // 3. Sizes beyond 32 bits.

    @ParameterizedTest
    @ValueSource(longs = {(1L << 32) + 512, 1L << 31, 1L << 40})
    void aModelFixingATileSideBeyondWhatEcdkitTilesIsRefusedNotNarrowed(long height) throws Exception {
        Path model = OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, 1, 4, height, 512)
                .conv("image", "scores", new float[][] {{1, 0, 0, -1}, {-1, 0, 0, 1}}, new float[] {0, 0})
                .output("scores", OnnxModelBuilder.FLOAT, 1, 2, height, 512)
                .write(dir.resolve("huge.onnx"));
        Path out = dir.resolve("huge.ecd");
        CommandRun run = CommandRun.of("convert", model.toString(), dir.resolve("classes.json").toString(), out.toString());
        assertOneLine(run, 6, String.format(java.util.Locale.ROOT, "fixes its height at %,d pixels; ecdkit feeds tiles of at most 65,535",
                height));
        assertFalse(Files.exists(out));
    }

    // 4. NaN and infinity (the classify side is in ClassifyRasterTest, against a whole-image reference).

    /**
     * A detector whose every output is poisoned by a NaN anywhere in its tile (it adds 0 x the tile's
     * sum): one box (10, 10, 20, 20) per tile, score 0.9, class 0. Scaled by {@code poison}, which
     * NaN itself makes it give NaN whatever it is fed.
     */
    private Path sumDetector(String name, float poison) throws Exception {
        return OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 2, 64, 64)
                .longs("all_axes", 1, 2, 3).longs("per_item", 0, 1).longs("box_axis", 2)
                .initializer("poison", new long[] {}, new float[] {poison})
                .initializer("score", new long[] {}, new float[] {0.9f})
                .initializer("box", new long[] {1, 1, 4}, new float[] {10, 10, 20, 20})
                .node("ReduceSum", List.of("image", "all_axes"), List.of("total"), OnnxModelBuilder.integer("keepdims", 1))
                .node("Mul", List.of("total", "poison"), List.of("nothing"))
                .node("Reshape", List.of("nothing", "per_item"), List.of("zero"))
                .node("Add", List.of("zero", "score"), List.of("scores"))
                .node("Identity", List.of("zero"), List.of("labels"))
                .node("Unsqueeze", List.of("zero", "box_axis"), List.of("zero_box"))
                .node("Add", List.of("zero_box", "box"), List.of("boxes"))
                .output("boxes", OnnxModelBuilder.FLOAT, "batch", 1, 4)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 1)
                .output("labels", OnnxModelBuilder.FLOAT, "batch", 1)
                .write(dir.resolve(name));
    }

    @Test
    void notANumberInFloatImageryNeverReachesADetectorNorTheFeatures() throws Exception {
        Path info = Files.writeString(dir.resolve("objects.json"), """
                {"Classifier":"ONNX","NumberRasterBands":2,"MiniBatchSize":2,
                 "Classes":[{"Value":1,"Name":"Tree","Color":[0,128,0]}]}
                """);
        Path ecd = dir.resolve("detector.ecd");
        assertEquals(0, CommandRun.of("convert", sumDetector("detector.onnx", 0).toString(), info.toString(), ecd.toString())
                .exitCode());
        // 128 x 128 in tiles of 64 (no overlap): the second tile row is NaN from row 70 to 79.
        Path image = GeoTiffFixture.of(128, 128, 2, SampleType.FLOAT32, (x, y, b) -> y >= 70 && y < 80 ? Double.NaN : 1)
                .epsg(32611, 500000, 4100000, 1).write(dir.resolve("nan.tif"));
        Path out = dir.resolve("objects.geojson");
        CommandRun run = CommandRun.of("detect", "-q", "--padding", "0", ecd.toString(), image.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String features = Gdal.run("ogrinfo", "-al", "-so", out.toString());
        assertTrue(features.contains("Feature Count: 4"), "one box in each of the four tiles:\n" + features);

        Path poisoned = dir.resolve("poisoned.ecd");
        assertEquals(0, CommandRun.of("convert", sumDetector("poisoned.onnx", Float.NaN).toString(), info.toString(),
                poisoned.toString()).exitCode());
        Path none = dir.resolve("none.geojson");
        CommandRun nan = CommandRun.of("detect", "-q", "--padding", "0", poisoned.toString(), image.toString(), none.toString());
        // A detector that answers NaN is broken: the run stops (exit 7) rather than pass off what is left as every object.
        assertEquals(7, nan.exitCode(), nan.toString());
        assertEquals(1, nan.errLines().size(), nan.toString());
        assertTrue(nan.err().contains("poisoned.onnx: the detector returned a box or score that is not a number"), nan.toString());
        assertFalse(Files.exists(none));
    }

    // 5. Hostile descriptions.

    @Test
    void stacHrefsThatCannotNameALocalFileAreOneLineRefusals() throws Exception {
        Path item = dir.resolve("item.json");
        assertEquals(0, CommandRun.of("export", "--to", "mlm", definition.toString(), item.toString()).exitCode());
        String text = Files.readString(item);
        assertTrue(text.contains("\"href\": \"model.onnx\""), text);
        Path spaced = Files.createDirectories(dir.resolve("my models"));
        Files.copy(dir.resolve("model.onnx"), spaced.resolve("my model.onnx"));
        String understood = "file://" + spaced.resolve("my model.onnx");
        Path good = Files.writeString(dir.resolve("good.json"), text.replace("\"href\": \"model.onnx\"", "\"href\": \"" + understood + "\""));
        CommandRun works = CommandRun.of("convert", good.toString(), good.toString(), dir.resolve("good.ecd").toString());
        assertEquals(0, works.exitCode(), works.toString());
        String[][] hostile = {
            {"file://fileserver/share/model.onnx", "names a file on host \"fileserver\""},
            {"file:///tmp/model%zz.onnx", "valid percent-escapes (%XX, two hexadecimal digits), not \"%zz\""},
            {"file:///tmp/model.onnx?version=2", "without a query or fragment"},
            {"model.onnx#weights", "without a query or fragment"},
            {"mod\\u0000el.onnx", "a path without control characters"},
            {"file:///tmp/mod%00el.onnx", "a path without a NUL character (%00)"}};
        for (String[] href : hostile) {
            Path bad = Files.writeString(dir.resolve("bad.json"), text.replace("\"href\": \"model.onnx\"", "\"href\": \"" + href[0] + "\""));
            CommandRun run = CommandRun.of("convert", bad.toString(), bad.toString(), dir.resolve("bad.ecd").toString());
            assertOneLine(run, 3, href[1]);
            assertFalse(Files.exists(dir.resolve("bad.ecd")));
        }
    }

    @Test
    void aNulInTheDefinitionsModelFileIsAOneLineRefusal() throws Exception {
        Path hostile = Files.writeString(dir.resolve("nul.ecd"), Files.readString(definition)
                .replace("\"ModelFile\": \"model.onnx\"", "\"ModelFile\": \"model\\u0000.onnx\""));
        assertTrue(Files.readString(hostile).contains("u0000"));
        CommandRun run = CommandRun.of("classify", "-q", hostile.toString(), scene.toString(), dir.resolve("o.tif").toString());
        assertOneLine(run, 3, "ModelFile: expected a path without control characters");
    }

    // 6. Zip bombs.

    @Test
    void aPackageThatWouldInflateGigabytesIsRefusedBeforeInflatingAnything() throws Exception {
        Path bomb = dir.resolve("bomb.dlpk");
        String emd = "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\", \"ModelType\": \"ImageClassification\", "
                + "\"ExtractBands\": [0, 1, 2, 3], \"Classes\": [{\"Value\": 1, \"Name\": \"a\"}, {\"Value\": 2, \"Name\": \"b\"}]}";
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("bomb.emd"));
            zip.write(emd.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("model.onnx"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 512; i++) {
                zip.write(zeros);
            }
        }
        List<Path> before = files(dir);
        CommandRun run = CommandRun.of("convert", bomb.toString(), bomb.toString(), dir.resolve("bomb.ecd").toString());
        assertOneLine(run, 3, "model.onnx: declares 536,870,912 bytes from ");
        assertEquals(before, files(dir), "nothing extracted, nothing written");
    }

    // 7. Resource limits.

    @Test
    void tenThousandThreadsAreCappedAtTheCores() throws Exception {
        CommandRun run = CommandRun.of("classify", "-q", "--threads", "10000", definition.toString(), scene.toString(),
                dir.resolve("o.tif").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--threads 10000 is more than the " + Runtime.getRuntime().availableProcessors()), run.toString());
    }

    /** Opening a named pipe for reading waits for a writer that never comes: refused by name first. */
    @Test
    void aNamedPipeGivenAsAnyInputIsRefusedByNameInsteadOfHanging() throws Exception {
        Path pipe = fifo("pipe");
        assertOneLine(CommandRun.of("convert", dir.resolve("model.onnx").toString(), pipe.toString(), dir.resolve("a.ecd").toString()),
                2, "it is a named pipe (FIFO); ecdkit reads regular files");
        assertOneLine(CommandRun.of("convert", pipe.toString(), dir.resolve("classes.json").toString(), dir.resolve("b.ecd").toString()),
                2, "it is a named pipe (FIFO); ecdkit reads regular files");
        assertOneLine(CommandRun.of("classify", pipe.toString(), scene.toString(), dir.resolve("c.tif").toString()),
                2, "it is a named pipe (FIFO); ecdkit reads regular files");
        assertOneLine(CommandRun.of("classify", definition.toString(), pipe.toString(), dir.resolve("d.tif").toString()),
                2, "it is a named pipe (FIFO); ecdkit reads regular files");
        assertOneLine(CommandRun.of("inspect", pipe.toString()), 2, "it is a named pipe (FIFO); ecdkit reads regular files");
        CommandRun device = CommandRun.of("inspect", "/dev/zero");
        assertOneLine(device, 2, "it is a character device");
        assertFalse(device.err().contains("empty (0 bytes)"), device.toString());
    }

    /**
     * A sparse 20,000 x 20,000 scene that stores no block: the plan says so at once, nothing is read,
     * the model never runs, and the summary says that rather than a ratio of NaN.
     */
    @Test
    void aSparseSceneWithoutDataIsPlannedAtOnceAndNeverReachesTheModel() throws Exception {
        Path sparse = dir.resolve("sparse.tif");
        Gdal.run("gdal_create", "-q", "-of", "GTiff", "-outsize", "20000", "20000", "-bands", "4", "-ot", "Byte",
                "-co", "TILED=YES", "-co", "SPARSE_OK=TRUE", "-a_nodata", "0", "-a_srs", "EPSG:32611", "-a_ullr", "400000", "4020000",
                "420000", "4000000", sparse.toString());
        Path out = dir.resolve("sparse-classes.tif");
        CommandRun run = CommandRun.of("classify", definition.toString(), sparse.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        java.util.regex.Matcher planned = java.util.regex.Pattern.compile("(\\d+) tiles, of which (\\d+) are not stored in the "
                + "file \\(entirely nodata\\) and skipped").matcher(run.out().replaceAll("\\s+", " "));
        assertTrue(planned.find(), run.out());
        assertEquals(planned.group(1), planned.group(2), "every tile is known empty before any reading");
        assertTrue(run.out().contains("the model never ran (every tile was nodata)"), run.out());
        assertFalse(run.out().contains("NaN"), run.out());
        assertTrue(Gdal.run("gdalinfo", out.toString()).contains("Size is 20000, 20000"));
    }

    /** Imagery placed nowhere exits 3 naming the way out; with --allow-ungeoreferenced it is classified in pixel coordinates. */
    @Test
    void ungeoreferencedImageryExitsWithThreeUnlessAllowed() throws Exception {
        Path plain = GeoTiffFixture.of(64, 48, 4, SampleType.UINT8, (x, y, b) -> (x + y + b) % 200).write(dir.resolve("plain.tif"));
        Path out = dir.resolve("plain-classes.tif");
        CommandRun refused = CommandRun.of("classify", definition.toString(), plain.toString(), out.toString());
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("error: " + plain + ": has no georeferencing"), refused.err());
        assertFalse(Files.exists(out));
        CommandRun allowed = CommandRun.of("classify", "--allow-ungeoreferenced", definition.toString(), plain.toString(), out.toString());
        assertEquals(0, allowed.exitCode(), allowed.toString());
        assertTrue(Files.exists(out));
    }

    // 8. Terminal and message hygiene.

    @Test
    void classNamesWithTerminalEscapesAreEscapedOnTheConsoleAndKeptInFiles() throws Exception {
        String hostile = "Red\\u001b[2J\\u0000\\nLine";
        Path info = Files.writeString(dir.resolve("escape.json"), ConvertCommandTest.CLASS_INFO.replace("CNTK", "ONNX")
                .replace("\"Impervious\"", "\"" + hostile + "\""));
        Path ecd = dir.resolve("escape.ecd");
        CommandRun convert = CommandRun.of("convert", dir.resolve("model.onnx").toString(), info.toString(), ecd.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        assertTrue(convert.err().contains("control characters"), convert.toString());
        assertFalse(convert.err().contains("\u001b"), convert.toString());
        CommandRun run = CommandRun.of("classify", ecd.toString(), scene.toString(), dir.resolve("e.tif").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(run.out().contains("\u001b") || run.out().contains("\u0000"), "no raw escape or NUL on the console");
        assertTrue(run.out().contains("Red\\u001b[2J\\u0000\\u000aLine"), run.out());
        String aux = Files.readString(dir.resolve("e.tif.aux.xml"));
        assertFalse(aux.contains("\u001b"), "XML 1.0 cannot hold ESC: written as a character reference or dropped");
    }

    @Test
    void aFolderNamedAsTheModelIsCalledAFolder() throws Exception {
        Files.delete(dir.resolve("model.onnx"));
        Files.createDirectories(dir.resolve("model.onnx"));
        CommandRun run = CommandRun.of("classify", "-q", definition.toString(), scene.toString(), dir.resolve("o.tif").toString());
        assertOneLine(run, 2, "is a folder, not an ONNX model file");
        assertFalse(run.err().contains("no such file"), run.toString());
    }

    // 9. External data through links.

    @Test
    void externalWeightsReachedThroughALinkOutsideTheModelsFolderAreRefused() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("linked"));
        Path model = OnnxFixtures.externalWeights(folder.resolve("model.onnx"));
        Path secret = Files.write(dir.resolve("secret.bin"), Files.readAllBytes(folder.resolve("weights.bin")));
        Files.delete(folder.resolve("weights.bin"));
        Files.createSymbolicLink(folder.resolve("weights.bin"), secret);
        CommandRun run = CommandRun.of("convert", model.toString(), dir.resolve("classes.json").toString(),
                dir.resolve("linked.ecd").toString());
        assertOneLine(run, 3, "external data location \"weights.bin\" must be a path inside the model's folder (links followed)");
        assertFalse(Files.exists(dir.resolve("linked.ecd")));
        assertArrayEquals(Files.readAllBytes(secret), Files.readAllBytes(folder.resolve("weights.bin")));
    }
}
