package org.ecdkit.translate.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.translate.OracleFiles;
import org.ecdkit.translate.ModelTranslation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ecdkit cannot translate is refused in one line naming the file and the layer, before any
 * weight of a refused model is read and without writing anything: Keras models written by Keras
 * itself, and archives damaged from them.
 */
class KerasTranslationBadInputTest {

    @TempDir
    Path dir;

    private EcdkitException refused(Path model, ModelFormat format) {
        Path out = dir.resolve("out.onnx");
        EcdkitException e = assertThrows(EcdkitException.class, () -> ModelTranslation.write(
                ModelTranslation.translate(model, format), out));
        assertFalse(Files.exists(out), "nothing is written");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(model.toString()), e.getMessage());
        return e;
    }

    @Test
    void aLambdaLayerIsRefusedAsPythonCode() {
        Path model = OracleFiles.kerasFixtures().resolve("with_lambda.h5");
        EcdkitException e = refused(model, ModelFormat.KERAS_HDF5);
        assertEquals(ExitCode.UNSUPPORTED, e.exitCode());
        assertTrue(e.getMessage().endsWith("layer \"double\" (Lambda, 3 of 3) holds Python code, which a model file cannot "
                + "carry: no runtime outside Python can run it; rebuild the model without it"), e.getMessage());
    }

    @Test
    void aLayerWithoutTranslationIsNamed() {
        Path model = OracleFiles.kerasFixtures().resolve("unsupported_layer.keras");
        EcdkitException e = refused(model, ModelFormat.KERAS_V3);
        assertEquals(ExitCode.UNSUPPORTED, e.exitCode());
        assertTrue(e.getMessage().endsWith("layer \"recurrent\" (ConvLSTM1D, 2 of 2) has no ONNX translation in ecdkit"),
                e.getMessage());
        assertEquals(1, ModelTranslation.blockers(model, ModelFormat.KERAS_V3).size());
    }

    @Test
    void anArchiveWithoutItsWeightsIsRefused() throws IOException {
        Path model = rewritten("functional_unet.keras", "no_weights.keras", name -> name.equals("model.weights.h5") ? null : name,
                UnaryOperator.identity());
        EcdkitException e = refused(model, ModelFormat.KERAS_V3);
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("the archive has no model.weights.h5: the model's weights are missing"), e.getMessage());
    }

    @Test
    void weightsOfALayerTheConfigLacksAreRefused() throws IOException {
        Path model = rewritten("functional_unet.keras", "renamed.keras", UnaryOperator.identity(),
                config -> config.replace("\"name\": \"enc_a\"", "\"name\": \"encoder_a\""));
        EcdkitException e = refused(model, ModelFormat.KERAS_V3);
        assertEquals(ExitCode.INVALID_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("weights of layer \"enc_a\", which the model config lacks: config and weights do "
                + "not match"), e.getMessage());
    }

    @Test
    void anHdf5ModelCutShortEndsInAnErrorNotAHang() throws IOException {
        byte[] whole = Files.readAllBytes(OracleFiles.kerasFixtures().resolve("sequential_segmenter.h5"));
        for (int cut : new int[] {whole.length * 9 / 10, whole.length * 3 / 4, whole.length / 2}) {
            Path model = Files.write(dir.resolve("cut" + cut + ".h5"), Arrays.copyOf(whole, cut));
            EcdkitException e = refused(model, ModelFormat.KERAS_HDF5);
            assertEquals(ExitCode.INVALID_INPUT, e.exitCode(), e.getMessage());
        }
    }

    @Test
    void aFormatWithoutTranslationIsSaidSo() throws IOException {
        Path model = Files.writeString(dir.resolve("model.pt"), "not read");
        EcdkitException e = refused(model, ModelFormat.TORCHSCRIPT);
        assertTrue(e.getMessage().endsWith("ecdkit does not translate " + ModelFormat.TORCHSCRIPT.withArticle() + " to ONNX; it "
                + "translates Keras HDF5, Keras 3 (.keras), TFLite and CNTK v2 models"), e.getMessage());
    }

    /** A copy of a fixture archive with entries renamed or dropped (null) and config.json rewritten. */
    private Path rewritten(String fixture, String name, UnaryOperator<String> entries, UnaryOperator<String> config)
            throws IOException {
        Path target = dir.resolve(name);
        try (ZipFile zip = new ZipFile(OracleFiles.kerasFixtures().resolve(fixture).toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String newName = entries.apply(entry.getName());
                if (newName == null) {
                    continue;
                }
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("config.json")) {
                    bytes = config.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(newName));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }
}
