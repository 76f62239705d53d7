package org.ecdkit.interop.dlpk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.PendingFile;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonWriter;

/**
 * Writes an Esri deep learning package: the .emd at the top, the model's files beside it under the
 * names the .emd's ModelFile gives (a SavedModel's folder whole), written atomically.
 */
public final class DlpkWriter {

    private DlpkWriter() {
    }

    /**
     * @param out        the .dlpk to write
     * @param emdName    the .emd's entry name ("segmenter.emd")
     * @param emd        its content, whose ModelFile is relative to the package's top
     * @param modelBase  the folder the model's files are relative to
     * @param modelFiles the model's files, relative to {@code modelBase} ('/'-separated)
     * @param prefix     the folder they go under in the package ("" or "segmenter/")
     * @param inputs     files the output must not overwrite
     */
    public static void write(Path out, String emdName, JsonObject emd, Path modelBase, List<String> modelFiles,
            String prefix, Collection<Path> inputs) {
        try (PendingFile pending = AtomicOutput.create(out, inputs)) {
            try (ZipOutputStream zip = new ZipOutputStream(pending.stream())) {
                // Weights compress little; the fastest level keeps packaging a large model quick.
                zip.setLevel(Deflater.BEST_SPEED);
                zip.putNextEntry(new ZipEntry(emdName));
                zip.write(JsonWriter.write(emd).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                for (String file : modelFiles) {
                    zip.putNextEntry(new ZipEntry(prefix + file));
                    try (InputStream in = Files.newInputStream(modelBase.resolve(file))) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
                zip.finish();
            } catch (IOException e) {
                throw StorageException.of("write", out, e);
            }
            pending.commit();
        }
    }
}
