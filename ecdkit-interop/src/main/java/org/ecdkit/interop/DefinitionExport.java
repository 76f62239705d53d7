package org.ecdkit.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonWriter;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.ModelFiles;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.interop.deepness.DeepnessMetadata;
import org.ecdkit.interop.dlpk.DlpkWriter;
import org.ecdkit.interop.emd.EmdWriter;
import org.ecdkit.interop.mlm.MlmItemWriter;
import org.ecdkit.interop.mlm.MlmSchema;
import org.ecdkit.model.onnx.OnnxMetadataEditor;

/**
 * {@code ecdkit export}: a classifier definition written as an Esri model definition or package, a
 * STAC MLM item, or an ONNX model with Deepness metadata. The definition's model must be the one it
 * was written for (its SHA-256 is checked); outputs are written atomically and never over an input;
 * what the target format cannot carry is returned as a warning.
 *
 * <pre>{@code
 * List<Finding> notes = DefinitionExport.run(Path.of("model.ecd"), ExportFormat.MLM, Path.of("model.json"));
 * }</pre>
 */
public final class DefinitionExport {

    private DefinitionExport() {
    }

    public static List<Finding> run(Path definitionFile, ExportFormat format, Path out) {
        Parsed<ClassifierDefinitionFile> parsed = EcdReader.read(definitionFile);
        List<Finding> findings = new ArrayList<>(parsed.findings());
        ClassifierDefinition definition = parsed.value().definitions().stream().filter(ClassifierDefinition::isDeepLearning)
                .findFirst().orElseThrow(() -> new UnsupportedInputException(Place.of(definitionFile),
                        "holds no deep-learning definition (a statistical classifier); only deep-learning models export"));
        ModelReference reference = definition.model().orElseThrow();
        Path model = ModelFiles.verify(definitionFile, reference, false, "", findings).toAbsolutePath().normalize();
        Path base = Files.isDirectory(model) ? model : model.getParent();
        Set<Path> inputs = new LinkedHashSet<>(List.of(definitionFile));
        reference.files().forEach(f -> inputs.add(base.resolve(f)));
        inputs.add(model);
        AtomicOutput.checkTarget(out, inputs);
        switch (format) {
            case EMD -> {
                EmdWriter emd = EmdWriter.of(definition, relative(out, model));
                findings.addAll(emd.findings());
                writeJson(out, emd.json(), inputs);
            }
            case DLPK -> {
                String name = model.getFileName().toString();
                boolean folder = Files.isDirectory(model);
                EmdWriter emd = EmdWriter.of(definition, name);
                findings.addAll(emd.findings());
                String emdName = out.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".emd";
                DlpkWriter.write(out, emdName, emd.json(), base, reference.files(), folder ? name + "/" : "", inputs);
            }
            case MLM -> {
                String stem = model.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                MlmItemWriter item = MlmItemWriter.of(definition, href(out, model), stem);
                for (String schema : MlmSchema.known()) {
                    List<String> problems = MlmSchema.validate(item.json(), schema);
                    if (!problems.isEmpty()) {
                        // ecdkit builds every field from checked values: a failure is its own defect.
                        throw new IllegalStateException("the STAC item ecdkit built does not validate against " + schema
                                + ": " + problems);
                    }
                }
                findings.addAll(item.findings());
                findings.add(Finding.note("schema", out + ": validates against " + String.join(" and ", MlmSchema.known())));
                writeJson(out, item.json(), inputs);
            }
            case DEEPNESS -> {
                if (reference.format() != ModelFormat.ONNX) {
                    throw new UnsupportedInputException(Place.in(definitionFile, "ModelFormat"), "Deepness runs ONNX models; "
                            + "this definition's model is " + reference.format().withArticle()
                            + " (export it to ONNX first, or export to emd, dlpk or mlm)");
                }
                DeepnessMetadata metadata = DeepnessMetadata.of(definition, definitionFile);
                findings.addAll(metadata.findings());
                copyExternalData(reference, base, out, inputs);
                OnnxMetadataEditor.write(model, metadata.properties(), out, inputs);
            }
        }
        return findings;
    }

    /** The model's path from the output's folder, '/'-separated, or absolute when it is not below it. */
    static String relative(Path out, Path model) {
        Path folder = out.toAbsolutePath().normalize().getParent();
        Path target = model.toAbsolutePath().normalize();
        if (target.startsWith(folder)) {
            return folder.relativize(target).toString().replace('\\', '/');
        }
        return target.toString();
    }

    /** A STAC href: the relative path, or a file URL for a model not below the item's folder. */
    static String href(Path out, Path model) {
        String relative = relative(out, model);
        return Path.of(relative).isAbsolute() ? model.toAbsolutePath().normalize().toUri().toString() : relative;
    }

    private static void writeJson(Path out, JsonObject json, Set<Path> inputs) {
        byte[] bytes = JsonWriter.write(json).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(out, inputs, stream -> stream.write(bytes));
    }

    /**
     * An ONNX model with external data reads it from beside itself: a copy written elsewhere needs
     * the data files there too. Existing files are never replaced.
     */
    private static void copyExternalData(ModelReference reference, Path base, Path out, Set<Path> inputs) {
        Path folder = out.toAbsolutePath().normalize().getParent();
        if (folder.equals(base) || reference.files().size() <= 1) {
            return;
        }
        for (String file : reference.files().subList(1, reference.files().size())) {
            Path target = folder.resolve(file);
            if (Files.exists(target)) {
                throw new UsageException("refusing to replace " + target + ", which the exported model's external data "
                        + "would overwrite; export into another folder");
            }
            try {
                Files.createDirectories(target.getParent());
                Files.copy(base.resolve(file), target);
            } catch (IOException e) {
                throw StorageException.of("write", target, e);
            }
        }
    }
}
