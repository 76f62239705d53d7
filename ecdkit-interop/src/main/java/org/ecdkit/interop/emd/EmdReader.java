package org.ecdkit.interop.emd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Framework;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.classinfo.ClassInfoReader;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassListJson;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.InferenceSettingsJson;
import org.ecdkit.interop.DescriptionFormat;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.interop.ModelLocation;

/**
 * Reads Esri model definitions (.emd) as a converter's class info: {@code Framework} is the
 * classifier, {@code Classes} the classes (the class-info form), {@code BatchSize} the mini-batch,
 * {@code ExtractBands}, {@code ImageHeight}, {@code ImageWidth}, {@code ModelPadding},
 * {@code DataRange} and {@code ModelType} the inference settings, the number of bands that of
 * {@code ExtractBands} (or, without it, the model's), and every other key passes through.
 * {@code ModelFile} is resolved against the .emd's folder.
 */
public final class EmdReader {

    private EmdReader() {
    }

    public static ModelDescription read(Path file) {
        JsonDocument document = JsonDocumentReader.read(file);
        Path folder = file.toAbsolutePath().getParent();
        return read(document, DescriptionFormat.EMD, name -> new ModelLocation.OnDisk(folder.resolve(name)));
    }

    /**
     * Reads {@code document}; {@code resolve} turns its ModelFile into a location (on disk beside a
     * .emd file, or an entry of the package holding it).
     */
    public static ModelDescription read(JsonDocument document, DescriptionFormat format,
            Function<String, ModelLocation> resolve) {
        List<Finding> findings = new ArrayList<>(document.findings());
        JsonCursor root = document.cursor();
        root.asObject();
        Map<String, Place> places = root.memberPlaces();
        Optional<Framework> framework = root.find(EmdKeys.FRAMEWORK).flatMap(f -> {
            Optional<Framework> known = Framework.parse(f.asString());
            if (known.isEmpty()) {
                findings.add(Finding.warning("framework", f.place() + ": Framework \"" + f.asString()
                        + "\" is not one ecdkit names (" + Framework.knownNames() + "); the model's format will name it"));
            }
            return known;
        });
        InferenceSettings settings = InferenceSettingsJson.read(root, findings);
        int bands = settings.extractBands().size();
        if (bands == 0) {
            findings.add(Finding.note("bands-from-model", document.file() + ": no \"ExtractBands\"; the number of bands "
                    + "is taken from the model"));
        }
        int batch = root.find(EmdKeys.BATCH_SIZE).map(c -> c.asInt(1, ClassInfoReader.MAX_BATCH)).orElse(1);
        if (!root.has(EmdKeys.BATCH_SIZE)) {
            findings.add(Finding.note("batch-size", document.file() + ": no \"BatchSize\"; 1 tile per inference call"));
        }
        List<ClassEntry> classes = ClassListJson.read(root.get(EmdKeys.CLASSES), findings);
        Map<String, JsonValue> extras = new LinkedHashMap<>();
        for (String key : root.keys()) {
            if (!EmdKeys.MAPPED.contains(key) && !InferenceSettingsJson.KEYS.contains(key)) {
                extras.put(key, root.asObject().members().get(key));
            }
        }
        ModelLocation model = root.find(EmdKeys.MODEL_FILE)
                .map(f -> {
                    return resolve.apply(f.asPath().replace('\\', '/'));
                })
                .orElse(new ModelLocation.Unnamed());
        ClassInfo info = new ClassInfo(document.file(), framework, bands, batch, classes, settings, extras, places);
        return new ModelDescription(format, document.file(), info, model, findings);
    }
}
