package org.ecdkit.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.RandomDamage;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The zip-based formats (Keras 3, TorchScript), broken and hostile: one line, fast, nothing allocated on trust. */
class ZipFormatsBadInputTest {

    @TempDir
    Path dir;

    private static String failure(Path file) {
        EcdkitException e = assertThrows(EcdkitException.class,
                () -> ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    /** The archive again with one more entry, {@code name}, appended. */
    private static byte[] withEntry(byte[] zip, String name) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(out);
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(1);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"KERAS_V3", "TORCHSCRIPT"})
    void anEntryClimbingOutOfTheArchiveIsRefused(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        Path evil = Files.write(dir.resolve("evil." + (format == ModelFormat.KERAS_V3 ? "keras" : "pt")),
                withEntry(Files.readAllBytes(model), "../../../tmp/owned"));
        assertTrue(failure(evil).contains("a path that climbs out of the archive"), failure(evil));
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"KERAS_V3", "TORCHSCRIPT"})
    void truncationsEndInOneLine(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        byte[] whole = Files.readAllBytes(model);
        Path cut = dir.resolve("cut." + (format == ModelFormat.KERAS_V3 ? "keras" : "pt"));
        for (int length : new int[] {4, 30, whole.length / 3, whole.length / 2, whole.length - 30, whole.length - 1}) {
            Files.write(cut, Arrays.copyOf(whole, length));
            failure(cut);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"KERAS_V3", "TORCHSCRIPT"})
    @Timeout(60)
    void randomDamageEndsInOneLineOrReadsSomething(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        byte[] whole = Files.readAllBytes(model);
        Path file = dir.resolve("fuzz." + (format == ModelFormat.KERAS_V3 ? "keras" : "pt"));
        RandomDamage.inspectDamagedCopies(whole, file, format.ordinal(), 1500);
    }
}
