package org.ecdkit.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.ReadOnlyFolders;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.definition.Rgb;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepLearningModelToEcdTest {

    /** The documented example, with ONNX as the classifier. */
    static final String CLASS_INFO = """
            {"ImportDeepLearningModelToEsriExtraInfo":0, "Version":1, "Classifier":"ONNX",
             "NumberRasterBands":4, "MiniBatchSize":16,
             "Classes":[{"Value":100,"Name":"Impervious","Color":[204,204,204]},
                        {"Value":200,"Name":" Other (Pervious)","Color":[56,168,0]}]}
            """;

    @TempDir
    Path dir;

    private Path classInfo(String text) throws Exception {
        Path file = dir.resolve("classes.json");
        Files.writeString(file, text);
        return file;
    }

    private List<Path> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void convertsAModelAndItsClassInfoIntoADefinition() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path out = dir.resolve("model.ecd");
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO), out);

        ClassifierDefinition definition = EcdReader.read(out).value().first();
        assertEquals(done.definition().first(), definition);
        assertEquals("ONNX", definition.classifier());
        assertEquals(4, definition.numberBands());
        assertEquals(OptionalInt.of(16), definition.miniBatchSize());
        assertEquals(List.of(100L, 200L), definition.classes().stream().map(c -> c.value()).toList());
        assertEquals(List.of("Impervious", " Other (Pervious)"), definition.classes().stream().map(c -> c.name()).toList());
        assertEquals(new Rgb(56, 168, 0), definition.classes().get(1).color());
        ModelReference reference = definition.model().orElseThrow();
        assertEquals("model.onnx", reference.modelFile());
        assertEquals(model.toAbsolutePath(), reference.resolve(out));
        assertEquals(ModelFormat.ONNX, reference.format());
        assertEquals(sha256(model), reference.sha256());
        assertEquals(Files.size(model), reference.sizeBytes());
        assertEquals("image", reference.inputName());
        assertEquals("scores", reference.outputName());
        assertEquals(OutputKind.CLASS_SCORES, reference.outputKind());
        assertEquals(Layout.NCHW, reference.signature().inputs().get(0).layout().layout());
        // A 1 x 1 convolution sees one pixel: no padding is needed, and the definition says so.
        assertEquals(java.util.OptionalInt.of(0), definition.settings().modelPadding());
        assertEquals(List.of("receptive-field"), done.findings().stream().map(f -> f.code()).toList());
        assertTrue(done.findings().get(0).message().endsWith("output \"scores\" sees 1 pixel (pointwise); ModelPadding 0 is "
                + "recorded, so classify pads tiles just enough"), done.findings().get(0).message());
    }

    @Test
    void inputsAreNeverTouched() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = classInfo(CLASS_INFO);
        byte[] modelBytes = Files.readAllBytes(model);
        long modified = Files.getLastModifiedTime(model).toMillis();
        DeepLearningModelToEcd.run(model, info, dir.resolve("model.ecd"));
        assertEquals(HexFormat.of().formatHex(modelBytes), HexFormat.of().formatHex(Files.readAllBytes(model)));
        assertEquals(modified, Files.getLastModifiedTime(model).toMillis());
        assertEquals(CLASS_INFO, Files.readString(info));
    }

    @Test
    void aBandCountThatContradictsTheModelIsRefusedWithBothNumbersAndTheirSources() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = classInfo(CLASS_INFO.replace("\"NumberRasterBands\":4", "\"NumberRasterBands\":3"));
        Path out = dir.resolve("model.ecd");
        MismatchException e = assertThrows(MismatchException.class, () -> DeepLearningModelToEcd.run(model, info, out));
        assertEquals("NumberRasterBands is 3 (" + info + ":2:22: NumberRasterBands) but the model's input (" + model
                + ": \"image\" [batch, 4, height, width], NCHW (declared: fed to a Conv node, which takes NCHW)) takes 4 bands",
                e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(List.of(info, model), filesIn(dir));
    }

    @Test
    void aClassCountThatContradictsTheModelIsRefused() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = classInfo(CLASS_INFO.replace("{\"Value\":100", "{\"Value\":50,\"Name\":\"Water\",\"Color\":[0,0,255]},\n{\"Value\":100"));
        MismatchException e = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, info, dir.resolve("model.ecd")));
        assertTrue(e.getMessage().startsWith("the class-info file lists 3 classes (" + info + ":3:12: Classes) but the model's output ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("gives 2 class scores"), e.getMessage());
    }

    @Test
    void allowMismatchWritesTheDefinitionAndKeepsTheProblemsAsWarnings() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = classInfo(CLASS_INFO.replace("\"NumberRasterBands\":4", "\"NumberRasterBands\":3"));
        Conversion done = DeepLearningModelToEcd.run(model, info, dir.resolve("model.ecd"),
                ConversionOptions.DEFAULT.withAllowMismatch(true));
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("band-count") && !f.isError()));
        assertTrue(Files.exists(dir.resolve("model.ecd")));
    }

    @Test
    void theFilesContentNamesTheClassifierWhenTheClassInfoSaysOtherwise() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO.replace("\"ONNX\"", "\"CNTK\"")),
                dir.resolve("model.ecd"));
        assertEquals("ONNX", done.definition().first().classifier());
        Finding warning = done.findings().get(0);
        assertEquals("classifier", warning.code());
        assertTrue(warning.message().endsWith("Classifier is CNTK but " + model
                + " is an ONNX model; the definition names ONNX (the file's content wins)"), warning.message());
    }

    @Test
    void aClassIndexOutputIsAcceptedAndTheUncheckableCountIsSaid() throws Exception {
        Path model = OnnxFixtures.classIndexOutput(dir.resolve("argmax.onnx"));
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO), dir.resolve("argmax.ecd"));
        assertEquals(OutputKind.CLASS_INDEX, done.definition().first().model().orElseThrow().outputKind());
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("class-count")
                && f.message().contains("gives class indexes, not scores; the number of classes cannot be checked")));
    }

    @Test
    void fixedTileSizesAreRecordedAndAContradictingOneRefused() throws Exception {
        Path model = OnnxFixtures.fixedTiles(dir.resolve("fixed.onnx"));
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO), dir.resolve("fixed.ecd"));
        assertEquals(OptionalInt.of(256), done.definition().first().settings().imageHeight());
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("batch-size")), done.findings().toString());
        Path wrong = classInfo(CLASS_INFO.replace("\"MiniBatchSize\":16,", "\"MiniBatchSize\":16, \"ImageHeight\":128, \"ImageWidth\":256,"));
        MismatchException e = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, wrong, dir.resolve("fixed2.ecd")));
        assertTrue(e.getMessage().startsWith("ImageHeight is 128"), e.getMessage());
    }

    @Test
    void ofSeveralInputsTheImageIsChosenAndTheOthersReported() throws Exception {
        Path model = OnnxFixtures.twoInputs(dir.resolve("two.onnx"));
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO), dir.resolve("two.ecd"));
        assertEquals("image", done.definition().first().model().orElseThrow().inputName());
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("extra-input") && f.message().contains("\"threshold\"")));
        ConversionOptions wrongInput = new ConversionOptions(false, Optional.of("nope"), Optional.empty(), InspectOptions.DEFAULT);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DeepLearningModelToEcd.run(model, dir.resolve("classes.json"), dir.resolve("x.ecd"), wrongInput));
        assertTrue(e.getMessage().endsWith("no input named \"nope\"; the inputs are \"image\", \"threshold\""), e.getMessage());
    }

    @Test
    void aGuessedLayoutGivesWayToTheOneTheBandCountFits() throws Exception {
        Path model = org.ecdkit.model.fixture.OnnxModelBuilder.producer("custom-exporter", "1")
                .input("x", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, "N", "H", "W", "C")
                .output("x", org.ecdkit.model.fixture.OnnxModelBuilder.FLOAT, "N", "H", "W", "C")
                .write(dir.resolve("identity.onnx"));
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO), dir.resolve("identity.ecd"),
                ConversionOptions.DEFAULT.withAllowMismatch(true));
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("band-count") && f.message().contains("cannot be checked")));
    }

    @Test
    void externalWeightsAreDigestedThroughAManifestAndListed() throws Exception {
        Path model = OnnxFixtures.externalWeights(dir.resolve("ext.onnx"));
        ModelReference reference = DeepLearningModelToEcd.run(model, classInfo(CLASS_INFO), dir.resolve("ext.ecd"))
                .definition().first().model().orElseThrow();
        assertEquals(List.of("ext.onnx", "weights.bin"), reference.files());
        String manifest = sha256(model) + "  ext.onnx\n" + sha256(dir.resolve("weights.bin")) + "  weights.bin\n";
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest.getBytes())), reference.sha256());
        assertEquals(Files.size(model) + Files.size(dir.resolve("weights.bin")), reference.sizeBytes());

        Files.delete(dir.resolve("weights.bin"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DeepLearningModelToEcd.run(model, dir.resolve("classes.json"), dir.resolve("ext2.ecd")));
        assertTrue(e.getMessage().contains("the weights file") && e.getMessage().endsWith("is missing"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("ext2.ecd")));
    }

    @Test
    void modelPathsAreRelativeBesideOrBelowTheDefinitionAndAbsoluteElsewhere() throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(dir.resolve("out"));
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("models/m.onnx"));
        Path info = classInfo(CLASS_INFO);
        assertEquals("models/m.onnx", DeepLearningModelToEcd.run(model, info, dir.resolve("m.ecd"))
                .definition().first().model().orElseThrow().modelFile());
        assertEquals(model.toAbsolutePath().toString(), DeepLearningModelToEcd.run(model, info, dir.resolve("out/m.ecd"))
                .definition().first().model().orElseThrow().modelFile());
    }

    @Test
    void theOutputCannotBeAnInput() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = classInfo(CLASS_INFO);
        byte[] before = Files.readAllBytes(model);
        assertThrows(UsageException.class, () -> DeepLearningModelToEcd.run(model, info, model));
        assertThrows(UsageException.class, () -> DeepLearningModelToEcd.run(model, info, info));
        assertEquals(HexFormat.of().formatHex(before), HexFormat.of().formatHex(Files.readAllBytes(model)));
        assertEquals(CLASS_INFO, Files.readString(info));
    }

    @Test
    void outputsInMissingOrReadOnlyFoldersAreRefusedWithoutLeftovers() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path info = classInfo(CLASS_INFO);
        StorageException missing = assertThrows(StorageException.class,
                () -> DeepLearningModelToEcd.run(model, info, dir.resolve("nowhere/model.ecd")));
        assertTrue(missing.getMessage().endsWith("folder " + dir.resolve("nowhere") + " does not exist"), missing.getMessage());
        Path locked = ReadOnlyFolders.create(dir);
        StorageException readOnly = assertThrows(StorageException.class,
                () -> DeepLearningModelToEcd.run(model, info, locked.resolve("model.ecd")));
        assertTrue(readOnly.getMessage().contains("not writable") || readOnly.getMessage().contains("read-only"), readOnly.getMessage());
    }

    @Test
    void aFailedConversionLeavesAnExistingDefinitionAsItWas() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("model.onnx"));
        Path out = dir.resolve("model.ecd");
        Files.writeString(out, "previous");
        Path info = classInfo(CLASS_INFO.replace("[56,168,0]", "[56,168,300]"));
        assertThrows(InvalidInputException.class, () -> DeepLearningModelToEcd.run(model, info, out));
        assertEquals("previous", Files.readString(out));
        assertEquals(List.of(info, out, model), filesIn(dir));
    }
}
