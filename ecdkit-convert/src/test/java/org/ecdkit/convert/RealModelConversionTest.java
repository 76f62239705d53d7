package org.ecdkit.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.definition.Rgb;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.fixture.SystemFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converts a model exported by PyTorch (Debian's libonnx-testdata, test_Conv2d: a 3-band input of
 * fixed 7x5 tiles in batches of 2, 4 output channels) as a user would: copied beside its class info.
 */
class RealModelConversionTest {

    @TempDir
    Path dir;

    private Path model() throws Exception {
        Path source = SystemFixtures.require(SystemFixtures.ONNX_TEST_DATA, "libonnx-testdata")
                .resolve("pytorch-converted/test_Conv2d/model.onnx");
        return Files.copy(source, dir.resolve("conv2d.onnx"));
    }

    private static String classInfo(int bands, int classes) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < classes; i++) {
            list.append(i == 0 ? "" : ",").append("{\"Value\":").append(10 * (i + 1)).append(",\"Name\":\"class ")
                    .append(i).append("\",\"Color\":[").append(60 * i).append(",100,200]}");
        }
        return "{\"Classifier\":\"ONNX\",\"NumberRasterBands\":" + bands + ",\"MiniBatchSize\":2,\"Classes\":[" + list + "]}";
    }

    @Test
    void aPytorchExportConvertsWithItsClassesColorsBandsAndReference() throws Exception {
        Path model = model();
        Path info = Files.writeString(dir.resolve("classes.json"), classInfo(3, 4));
        Path out = dir.resolve("conv2d.ecd");
        Conversion conversion = DeepLearningModelToEcd.run(model, info, out);
        // A valid 3 x 2 convolution: 7 x 5 pixels in, 5 x 4 out, an off-centre crop classify cannot place.
        assertTrue(conversion.findings().stream().anyMatch(f -> f.code().equals("output-grid") && !f.isError()
                && f.message().endsWith("its 4 x 5 grid is no map of input \"0\"'s 5 x 7 pixels (neither the same grid, a "
                        + "centred crop of it, nor a whole factor coarser): ecdkit's classify will refuse to run it")),
                conversion.findings().toString());
        ClassifierDefinition definition = EcdReader.read(out).value().first();
        assertEquals("ONNX", definition.classifier());
        assertEquals(3, definition.numberBands());
        assertEquals(4, definition.numberClasses());
        assertEquals(new Rgb(120, 100, 200), definition.classes().get(2).color());
        assertEquals(30, definition.classes().get(2).value());
        assertEquals(OptionalInt.of(7), definition.settings().imageHeight());
        assertEquals(OptionalInt.of(5), definition.settings().imageWidth());
        ModelReference reference = definition.model().orElseThrow();
        assertEquals("conv2d.onnx", reference.modelFile());
        assertEquals(DeepLearningModelToEcdTest.sha256(model), reference.sha256());
        assertEquals("pytorch 0.3", reference.signature().producer());
    }

    @Test
    void aPytorchExportRefusesContradictingBandAndClassCounts() throws Exception {
        Path model = model();
        Path bands = Files.writeString(dir.resolve("bands.json"), classInfo(4, 4));
        MismatchException e = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, bands, dir.resolve("a.ecd")));
        assertTrue(e.getMessage().contains("takes 3 bands"), e.getMessage());
        Path classes = Files.writeString(dir.resolve("classes.json"), classInfo(3, 2));
        MismatchException c = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, classes, dir.resolve("b.ecd")));
        assertTrue(c.getMessage().contains("gives 4 class scores"), c.getMessage());
        assertFalse(Files.exists(dir.resolve("a.ecd")) || Files.exists(dir.resolve("b.ecd")));
    }
}
