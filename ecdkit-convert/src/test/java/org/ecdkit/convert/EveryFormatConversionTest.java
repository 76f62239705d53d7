package org.ecdkit.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.ShapeSource;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same segmenter in every format converts to a definition naming its framework, and is checked alike. */
class EveryFormatConversionTest {

    @TempDir
    Path dir;

    private Path classInfo(String classifier, int bands, int classes) throws Exception {
        String list = IntStream.range(0, classes)
                .mapToObj(i -> "{\"Value\": " + (i + 1) + ", \"Name\": \"class " + i + "\", \"Color\": [" + i + ", 0, 0]}")
                .collect(Collectors.joining(", "));
        return Files.writeString(dir.resolve("classes-" + bands + "-" + classes + ".json"), "{\"Classifier\": \"" + classifier
                + "\", \"NumberRasterBands\": " + bands + ", \"MiniBatchSize\": 4, \"Classes\": [" + list + "]}");
    }

    @ParameterizedTest
    @EnumSource(ModelFormat.class)
    void convertsAndNamesTheDetectedFramework(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        Path out = dir.resolve("model.ecd");
        // The class info claims CNTK for every model: the file's content wins, with a warning.
        Conversion done = DeepLearningModelToEcd.run(model, classInfo(format == ModelFormat.CNTK_V2 ? "ONNX" : "CNTK",
                ModelFixtures.BANDS, ModelFixtures.CLASSES), out);
        ClassifierDefinition definition = EcdReader.read(out).value().first();
        assertEquals(format.framework().canonicalName(), definition.classifier());
        ModelReference reference = definition.model().orElseThrow();
        assertEquals(format, reference.format());
        assertEquals(model.getFileName().toString(), reference.modelFile());
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("classifier")), done.findings().toString());
        TensorSpec image = reference.signature().input(reference.inputName()).orElseThrow();
        assertEquals(ModelFixtures.BANDS, image.channels(), format.toString());
        TensorSpec classes = reference.signature().output(reference.outputName()).orElseThrow();
        assertEquals(ModelFixtures.CLASSES, classes.channels(), format.toString());
        ShapeSource expected = format == ModelFormat.TORCHSCRIPT ? ShapeSource.DECLARED : ShapeSource.READ;
        assertEquals(expected, image.source());
        assertEquals(expected, classes.source());
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = "TORCHSCRIPT", mode = EnumSource.Mode.EXCLUDE)
    void aClassInfoThatContradictsTheModelIsRefused(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        Path out = dir.resolve("model.ecd");
        MismatchException bands = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, classInfo("ONNX", 3, ModelFixtures.CLASSES), out));
        assertTrue(bands.getMessage().contains("NumberRasterBands is 3"), bands.getMessage());
        MismatchException classes = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, classInfo("ONNX", ModelFixtures.BANDS, 7), out));
        assertTrue(classes.getMessage().contains("lists 7 classes"), classes.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void torchScriptShapesAreDeclaredFromTheClassInfoWithTheTileSize() throws Exception {
        Path model = ModelFixtures.segmenter(ModelFormat.TORCHSCRIPT, dir);
        Path info = Files.writeString(dir.resolve("classes.json"), "{\"NumberRasterBands\": 3, \"MiniBatchSize\": 2, "
                + "\"ImageHeight\": 512, \"ImageWidth\": 384, \"Classes\": [{\"Value\": 1, \"Name\": \"a\", \"Color\": [1, 2, 3]}, "
                + "{\"Value\": 2, \"Name\": \"b\", \"Color\": [4, 5, 6]}]}");
        Path out = dir.resolve("model.ecd");
        Conversion done = DeepLearningModelToEcd.run(model, info, out);
        ModelReference reference = EcdReader.read(out).value().first().model().orElseThrow();
        TensorSpec image = reference.signature().inputs().get(0);
        assertEquals(Shape.of(List.of(Dim.unknown(), Dim.of(3), Dim.of(512), Dim.of(384))), image.shape());
        assertEquals(Shape.of(List.of(Dim.unknown(), Dim.of(2), Dim.of(512), Dim.of(384))),
                reference.signature().outputs().get(0).shape());
        assertTrue(done.findings().stream().anyMatch(f -> f.code().equals("shapes-declared")
                && f.message().contains("not checked against the model")), done.findings().toString());
        assertTrue(Files.readString(out).contains("\"ShapeSource\": \"declared\""), Files.readString(out));
    }
}
