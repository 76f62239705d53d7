package org.ecdkit.format.ecd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Framework;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.DefaultColors;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.InferenceSettingsJson;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.definition.Rgb;

/**
 * Reads Esri classifier definition files: those ecdkit writes, and those ArcGIS writes, statistical
 * classifiers included (their per-class statistics are kept verbatim in
 * {@link ClassEntry#extras()}). File versions 1 to 3 are read; a newer one is read with a warning.
 */
public final class EcdReader {

    public static final String MARKER = "EsriClassifierDefinitionFile";

    private static final Set<String> DEFINITION_KEYS = Set.of("Classifier", "NumberClasses", "NumberBands",
            "MiniBatchSize", "Classes", "ModelFile", "ModelFormat", "ModelSHA256", "ModelBytes", "ModelFiles",
            "ModelInput", "ModelOutput", "OutputKind", "ModelSignature");
    private static final Set<String> CLASS_KEYS = Set.of("ClassValue", "ClassName", "Red", "Green", "Blue");

    private EcdReader() {
    }

    public static Parsed<ClassifierDefinitionFile> read(Path file) {
        return read(JsonDocumentReader.read(file));
    }

    public static Parsed<ClassifierDefinitionFile> read(JsonDocument document) {
        List<Finding> findings = new ArrayList<>(document.findings());
        JsonCursor root = document.cursor();
        root.asObject();
        if (!root.has(MARKER)) {
            throw root.problem("not an Esri classifier definition: missing key \"" + MARKER + "\"");
        }
        root.get(MARKER).asLong(0, 0);
        JsonCursor versionField = root.get("FileVersion");
        int version = versionField.asInt(1, Integer.MAX_VALUE);
        if (version > ClassifierDefinitionFile.NEWEST_KNOWN_VERSION) {
            findings.add(Finding.warning("file-version", versionField.place() + ": file version " + version
                    + " is newer than the newest known (" + ClassifierDefinitionFile.NEWEST_KNOWN_VERSION + "); reading what is known"));
        }
        List<JsonCursor> entries = root.get("Definitions").elements(1, 1024);
        root.find("NumberDefinitions").ifPresent(count -> {
            long declared = count.asLong(0, Integer.MAX_VALUE);
            if (declared != entries.size()) {
                findings.add(Finding.warning("definition-count", count.place() + ": NumberDefinitions is " + declared
                        + " but Definitions holds " + entries.size() + "; all " + entries.size() + " are read"));
            }
        });
        List<ClassifierDefinition> definitions = new ArrayList<>();
        for (JsonCursor entry : entries) {
            definitions.add(definition(entry, findings));
        }
        return new Parsed<>(new ClassifierDefinitionFile(version, definitions), findings);
    }

    private static ClassifierDefinition definition(JsonCursor entry, List<Finding> findings) {
        entry.asObject();
        String classifier = entry.get("Classifier").asString();
        int bands = entry.find("NumberBands").map(c -> c.asInt(0, InferenceSettingsJson.MAX_BANDS)).orElse(0);
        OptionalInt batch = entry.find("MiniBatchSize").map(c -> OptionalInt.of(c.asInt(1, 4096))).orElse(OptionalInt.empty());
        List<ClassEntry> classes = entry.find("Classes").map(c -> classes(c, findings)).orElse(List.of());
        entry.find("NumberClasses").ifPresent(count -> {
            long declared = count.asLong(0, Integer.MAX_VALUE);
            if (declared != classes.size()) {
                findings.add(Finding.warning("class-count", count.place() + ": NumberClasses is " + declared
                        + " but Classes holds " + classes.size()));
            }
        });
        Optional<ModelReference> model = entry.has("ModelFile") ? Optional.of(model(entry, classifier, findings)) : Optional.empty();
        if (model.isEmpty() && Framework.parse(classifier).isPresent()) {
            throw entry.problem("a " + classifier + " definition needs \"ModelFile\"");
        }
        InferenceSettings settings = InferenceSettingsJson.read(entry, findings);
        Map<String, JsonValue> extras = new LinkedHashMap<>();
        for (String key : entry.keys()) {
            if (!DEFINITION_KEYS.contains(key) && !InferenceSettingsJson.KEYS.contains(key)) {
                extras.put(key, entry.asObject().members().get(key));
            }
        }
        return new ClassifierDefinition(classifier, bands, batch, classes, model, settings, extras);
    }

    private static List<ClassEntry> classes(JsonCursor array, List<Finding> findings) {
        List<ClassEntry> result = new ArrayList<>();
        Map<Long, Integer> byValue = new HashMap<>();
        List<JsonCursor> elements = array.elements(0, 65_536);
        for (int i = 0; i < elements.size(); i++) {
            JsonCursor entry = elements.get(i);
            JsonCursor valueField = entry.get("ClassValue");
            long value = valueField.asLong(0, ClassEntry.MAX_VALUE);
            Integer same = byValue.putIfAbsent(value, i);
            if (same != null) {
                throw valueField.problem(value + " is already the value of Classes[" + same + "]; class values must be unique");
            }
            String name = entry.find("ClassName").map(JsonCursor::asString).orElse("Class " + value);
            Rgb color = entry.has("Red") || entry.has("Green") || entry.has("Blue")
                    ? new Rgb(entry.get("Red").asInt(0, 255), entry.get("Green").asInt(0, 255), entry.get("Blue").asInt(0, 255))
                    : DefaultColors.forIndex(i);
            Map<String, JsonValue> extras = new LinkedHashMap<>();
            for (String key : entry.keys()) {
                if (!CLASS_KEYS.contains(key)) {
                    extras.put(key, entry.asObject().members().get(key));
                }
            }
            result.add(new ClassEntry(value, name, color, extras));
        }
        return result;
    }

    private static ModelReference model(JsonCursor entry, String classifier, List<Finding> findings) {
        String modelFile = entry.get("ModelFile").asPath();
        ModelFormat format;
        if (entry.has("ModelFormat")) {
            JsonCursor formatField = entry.get("ModelFormat");
            format = ModelFormat.byId(formatField.asString())
                    .orElseThrow(() -> formatField.invalid("a model format id such as \"onnx\""));
        } else {
            Framework framework = Framework.parse(classifier)
                    .orElseThrow(() -> entry.get("Classifier").invalid("one of " + Framework.knownNames()));
            format = defaultFormat(framework);
            findings.add(Finding.note("model-format", entry.place() + ": no \"ModelFormat\"; assuming "
                    + format.description() + " from Classifier " + classifier + " (the file's content decides at run time)"));
        }
        String sha = entry.find("ModelSHA256").map(JsonCursor::asString).orElse("");
        if (!sha.isEmpty() && !sha.matches("[0-9a-fA-F]{64}")) {
            throw entry.get("ModelSHA256").invalid("64 hexadecimal digits");
        }
        long bytes = entry.find("ModelBytes").map(c -> c.asLong(0, Long.MAX_VALUE)).orElse(-1L);
        // A single-file model is written without ModelFiles: the list is its own file.
        String ownName = java.nio.file.Path.of(modelFile.replace('\\', '/')).getFileName().toString();
        List<String> files = entry.find("ModelFiles")
                .map(c -> c.elements().stream().map(JsonCursor::asPath).toList())
                .orElse(List.of(ownName));
        String input = entry.find("ModelInput").map(JsonCursor::asString).orElse("");
        String output = entry.find("ModelOutput").map(JsonCursor::asString).orElse("");
        OutputKind kind = entry.find("OutputKind").map(c -> OutputKind.byJsonName(c.asString())
                .orElseThrow(() -> c.invalid("one of " + String.join(", ", java.util.Arrays.stream(OutputKind.values())
                        .map(OutputKind::jsonName).toList()))))
                .orElse(OutputKind.CLASS_SCORES);
        ModelSignature signature = entry.find("ModelSignature")
                .map(c -> SignatureJson.read(c, format))
                .orElseGet(() -> new ModelSignature(format, "", "", List.of(), List.of(), Map.of(), List.of()));
        return new ModelReference(modelFile, format, sha, bytes, files, input, output, kind, signature);
    }

    private static ModelFormat defaultFormat(Framework framework) {
        return switch (framework) {
            case ONNX -> ModelFormat.ONNX;
            case TENSORFLOW -> ModelFormat.TENSORFLOW_SAVED_MODEL;
            case CNTK -> ModelFormat.CNTK_V2;
            case KERAS -> ModelFormat.KERAS_HDF5;
            case PYTORCH -> ModelFormat.TORCHSCRIPT;
            case TFLITE -> ModelFormat.TFLITE;
        };
    }
}
