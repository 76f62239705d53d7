package org.ecdkit.format.definition;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputKind;

/**
 * The model a deep-learning definition runs, as recorded at conversion: where it is, what it is,
 * and a digest to notice if it changed since.
 *
 * @param modelFile   the path as written in the definition: relative to the definition's folder
 *                    when the model lies beside or below it, absolute otherwise
 * @param format      the detected format
 * @param sha256      the digest of the model's bytes (see {@link org.ecdkit.core.io.Sha256})
 * @param sizeBytes   the model's size in bytes, all its files together
 * @param files       the files that make up the model, relative to its folder; one entry for a
 *                    single-file model
 * @param inputName   the input fed with imagery
 * @param outputName  the output read as classes
 * @param outputKind  what that output means
 * @param signature   the whole signature as read at conversion
 */
public record ModelReference(String modelFile, ModelFormat format, String sha256, long sizeBytes, List<String> files,
        String inputName, String outputName, OutputKind outputKind, ModelSignature signature) {

    public ModelReference {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(signature, "signature");
        files = List.copyOf(files);
    }

    /** The model's path, resolved against the folder of the definition file that names it. */
    public Path resolve(Path definitionFile) {
        Path model = Path.of(modelFile.replace('\\', '/'));
        if (model.isAbsolute()) {
            return model;
        }
        Path folder = definitionFile.toAbsolutePath().getParent();
        return folder.resolve(model).normalize();
    }
}
