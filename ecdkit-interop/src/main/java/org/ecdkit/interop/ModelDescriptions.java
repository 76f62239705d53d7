package org.ecdkit.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.core.zip.ZipArchive;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.classinfo.ClassInfoReader;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.interop.deepness.DeepnessReader;
import org.ecdkit.interop.dlpk.DlpkReader;
import org.ecdkit.interop.emd.EmdReader;
import org.ecdkit.interop.mlm.MlmItemReader;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.ModelSource;

/**
 * Reads any file that describes a model's classes, told apart by content: a class-info JSON, an
 * .ecd, an .emd, a .dlpk, a STAC MLM item, or an ONNX model carrying Deepness metadata. And finds
 * the model a description names, extracting it from a package when it must.
 *
 * <pre>{@code
 * ModelDescription description = ModelDescriptions.read(Path.of("model.emd"));
 * ClassInfo info = description.classInfo();
 * }</pre>
 */
public final class ModelDescriptions {

    private ModelDescriptions() {
    }

    public static ModelDescription read(Path file) {
        DescriptionFormat format = detect(file);
        return switch (format) {
            case DLPK -> DlpkReader.read(file);
            case DEEPNESS -> {
                Inspection inspection = ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT);
                yield DeepnessReader.read(file, inspection.signature().properties());
            }
            default -> readJson(file, JsonDocumentReader.read(file));
        };
    }

    /** What kind of description {@code file} is, from its first bytes and, for JSON, its keys. */
    public static DescriptionFormat detect(Path file) {
        byte[] head = head(file);
        if (ZipArchive.looksLikeZip(head)) {
            return DescriptionFormat.DLPK;
        }
        if (!looksLikeJson(head)) {
            if (isOnnx(file)) {
                return DescriptionFormat.DEEPNESS;
            }
            throw new InvalidInputException(Place.of(file), "not a description of a model's classes ecdkit knows; it reads "
                    + "class-info JSON, .ecd, .emd, .dlpk, STAC MLM items, and ONNX models with Deepness metadata");
        }
        return DescriptionFormat.CLASS_INFO; // refined by readJson once the keys are known
    }

    /** Whether {@code file} opens as JSON text does (its first non-blank character is a brace or bracket). */
    public static boolean looksLikeJson(Path file) {
        return looksLikeJson(head(file));
    }

    private static boolean isOnnx(Path file) {
        try {
            return ModelInspectors.standard().detect(ModelSource.open(file)).format() == ModelFormat.ONNX;
        } catch (InvalidInputException notAModel) {
            return false;
        }
    }

    private static ModelDescription readJson(Path file, JsonDocument document) {
        JsonCursor root = document.cursor();
        if (root.isObject() && root.has(EcdReader.MARKER)) {
            return fromEcd(file, EcdReader.read(document));
        }
        if (MlmItemReader.isMlmItem(root)) {
            return MlmItemReader.read(document);
        }
        if (root.isObject() && !root.has(ClassInfoReader.MARKER) && !root.has("NumberRasterBands")
                && (root.has("Framework") || root.has("ModelFile") || root.has("ModelConfiguration")
                        || file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".emd"))) {
            return EmdReader.read(file);
        }
        Parsed<ClassInfo> info = ClassInfoReader.read(document);
        return new ModelDescription(DescriptionFormat.CLASS_INFO, file, info.value(), new ModelLocation.Unnamed(),
                info.findings());
    }

    private static ModelDescription fromEcd(Path file, Parsed<ClassifierDefinitionFile> parsed) {
        List<Finding> findings = new ArrayList<>(parsed.findings());
        ClassifierDefinition definition = parsed.value().definitions().stream().filter(ClassifierDefinition::isDeepLearning)
                .findFirst().orElseThrow(() -> new UnsupportedInputException(Place.of(file),
                        "holds no deep-learning definition (a statistical classifier); ecdkit converts deep-learning models"));
        if (parsed.value().definitions().size() > 1) {
            findings.add(Finding.warning("several-definitions", file + ": " + parsed.value().definitions().size()
                    + " definitions; the first deep-learning one is read"));
        }
        Map<String, Place> places = new HashMap<>();
        ClassInfo info = new ClassInfo(file, definition.framework(), definition.numberBands(),
                definition.miniBatchSize().orElse(1), definition.classes(), definition.settings(), definition.extras(), places);
        ModelLocation model = new ModelLocation.OnDisk(definition.model().orElseThrow().resolve(file));
        return new ModelDescription(DescriptionFormat.ECD, file, info, model, findings);
    }

    /**
     * The model {@code argument} stands for: itself when it is a model; the model a package or
     * STAC item names when it is one of those (a package's is extracted into
     * {@code extractionFolder}, named after the package).
     */
    public static ModelChoice model(Path argument, Path extractionFolder) {
        byte[] head = Files.isDirectory(argument) ? new byte[0] : head(argument);
        boolean zip = ZipArchive.looksLikeZip(head);
        boolean json = looksLikeJson(head);
        if (zip && isPackage(argument) || json) {
            ModelDescription description = zip ? DlpkReader.read(argument) : readJson(argument, JsonDocumentReader.read(argument));
            Optional<Path> extracted = Optional.empty();
            if (description.model() instanceof ModelLocation.InPackage inPackage) {
                Path folder = extractionFolder.resolve(packageName(inPackage.archive()));
                extracted = Files.exists(folder) ? Optional.empty() : Optional.of(folder);
            }
            return new ModelChoice(locate(argument, description.model(), extractionFolder), Optional.of(description), extracted);
        }
        return new ModelChoice(argument, Optional.empty(), Optional.empty());
    }

    /**
     * What a model argument resolved to.
     *
     * @param model       the model's path
     * @param description the description it came from, when the argument was one
     * @param extracted   the folder a package was extracted into by this call (a caller that fails
     *                    later removes it, so a failed conversion leaves nothing behind)
     */
    public record ModelChoice(Path model, Optional<ModelDescription> description, Optional<Path> extracted) {
    }

    private static String packageName(Path archive) {
        return archive.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }

    /** Whether {@code file} is a zip holding an .emd: an Esri deep learning package. */
    public static boolean isPackage(Path file) {
        if (!ZipArchive.looksLikeZip(head(file))) {
            return false;
        }
        try (ZipArchive archive = ZipArchive.open(file, org.ecdkit.core.zip.ZipLimits.MODEL_PACKAGES)) {
            return archive.names().stream().anyMatch(n -> n.endsWith(".emd"));
        }
    }

    /** The model's path on disk, extracting a package's into {@code extractionFolder}/NAME. */
    static Path locate(Path description, ModelLocation location, Path extractionFolder) {
        if (location instanceof ModelLocation.OnDisk onDisk) {
            return onDisk.path();
        }
        if (location instanceof ModelLocation.InPackage inPackage) {
            Path folder = DlpkReader.extract(inPackage.archive(), inPackage.entry(),
                    extractionFolder.resolve(packageName(inPackage.archive())));
            String entry = inPackage.entry().endsWith("/") ? inPackage.entry().substring(0, inPackage.entry().length() - 1)
                    : inPackage.entry();
            return folder.resolve(entry);
        }
        if (location instanceof ModelLocation.Remote remote) {
            throw new UnsupportedInputException(Place.of(description), "the model is at " + remote.address()
                    + "; ecdkit does not download models: fetch it and give its path as the model");
        }
        throw new InvalidInputException(Place.of(description), "names no model file; give the model itself");
    }

    private static boolean looksLikeJson(byte[] head) {
        for (byte b : head) {
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF) {
                continue;
            }
            return b == '{';
        }
        return false;
    }

    private static byte[] head(Path file) {
        if (Files.isDirectory(file)) {
            return new byte[0];
        }
        org.ecdkit.core.io.FileKind.requireRegularFile(file, "a model or its description");
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }
}
