package org.ecdkit.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.ReceptiveField;
import org.ecdkit.core.report.Finding;

/**
 * What inspecting a model found: its signature, the files it is made of, and anything a user should
 * hear (an error finding, such as a missing weights file, makes the model unusable).
 *
 * @param signature the signature
 * @param model     the model as a user names it in a definition: its file, or its folder (SavedModel)
 * @param base      the folder {@code files} are relative to
 * @param files     the model's files, relative to {@code base}, the model's own file first
 * @param findings  what was noticed
 * @param receptiveFields how far each output sees into the input, by output name, where the format's
 *                  graph tells (ONNX); empty otherwise
 * @param scoredClasses how many classes a detector scores per box, background included, where its
 *                  graph tells (a torchvision R-CNN's box predictor in ONNX); empty otherwise
 */
public record Inspection(ModelSignature signature, Path model, Path base, List<String> files, List<Finding> findings,
        Map<String, ReceptiveField> receptiveFields, java.util.OptionalInt scoredClasses) {

    public Inspection {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
        receptiveFields = Map.copyOf(receptiveFields);
    }

    /** An inspection of a format whose graph ecdkit does not follow for receptive fields. */
    public Inspection(ModelSignature signature, Path model, Path base, List<String> files, List<Finding> findings) {
        this(signature, model, base, files, findings, Map.of());
    }

    /** An inspection that counts no detector's classes. */
    public Inspection(ModelSignature signature, Path model, Path base, List<String> files, List<Finding> findings,
            Map<String, ReceptiveField> receptiveFields) {
        this(signature, model, base, files, findings, receptiveFields, java.util.OptionalInt.empty());
    }

    /** The size of the model's files together; files that are missing (see the findings) count as 0. */
    public long totalBytes() {
        long total = 0;
        for (String file : files) {
            Path path = base.resolve(file);
            if (!Files.exists(path)) {
                continue;
            }
            try {
                total += Files.size(path);
            } catch (IOException e) {
                throw StorageException.of("read", path, e);
            }
        }
        return total;
    }
}
