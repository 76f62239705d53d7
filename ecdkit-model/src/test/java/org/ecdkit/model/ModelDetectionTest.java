package org.ecdkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formats are told apart by content; extensions only break ties, and misleading ones change nothing. */
class ModelDetectionTest {

    @TempDir
    Path dir;

    private static ModelFormat detect(Path path) {
        return ModelInspectors.standard().detect(ModelSource.open(path)).format();
    }

    @ParameterizedTest
    @EnumSource(ModelFormat.class)
    void everyFormatIsRecognisedByContentEvenUnderAWrongName(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        assertEquals(format, detect(model));
        if (!Files.isDirectory(model)) {
            Path misnamed = Files.copy(model, dir.resolve("model.onnx.bin"));
            assertEquals(format, detect(misnamed), "named .bin");
            Path wrongExtension = Files.copy(model, dir.resolve(format == ModelFormat.TFLITE ? "model.onnx" : "model.tflite"));
            assertEquals(format, detect(wrongExtension), "named with another format's extension");
        }
        if (format != ModelFormat.TORCHSCRIPT) {
            assertTrue(ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT).signature().outputs().get(0).channels()
                    == ModelFixtures.CLASSES, format.toString());
        }
    }

    private String unknown(Path file) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> detect(file));
        return e.getMessage();
    }

    @Test
    void aFileOfNoKnownFormatGetsTheListOfFormats() throws Exception {
        Random random = new Random(1);
        byte[] noise = new byte[10_000];
        random.nextBytes(noise);
        String message = unknown(Files.write(dir.resolve("noise.onnx.bak"), noise));
        assertEquals(dir.resolve("noise.onnx.bak") + ": a file that is not a model ecdkit knows; it reads "
                + ModelInspectors.standard().knownFormats(), message);
        for (ModelFormat format : ModelFormat.values()) {
            assertTrue(message.contains(format.description()), format + " in " + message);
        }
    }

    @Test
    void aZipOfSomethingElseIsNoModel() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("photos/cat.jpg"));
            zip.write(new byte[100]);
        }
        assertTrue(unknown(Files.write(dir.resolve("photos.zip"), bytes.toByteArray())).contains("not a model ecdkit knows"));
    }

    @Test
    void aPickleThatIsNotTorchScriptIsNoModel() throws Exception {
        byte[] pickle = {(byte) 0x80, 4, (byte) 0x95, 12, 0, 0, 0, 0, 0, 0, 0, '}', (byte) 0x94, '.'};
        assertTrue(unknown(Files.write(dir.resolve("model.pkl"), pickle)).contains("not a model ecdkit knows"));
    }

    @Test
    void aFolderWithoutASavedModelIsNoModel() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(unknown(dir.resolve("empty")).startsWith(dir.resolve("empty") + ": a folder that is not a model"));
    }
}
