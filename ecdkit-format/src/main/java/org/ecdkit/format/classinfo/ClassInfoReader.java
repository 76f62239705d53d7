package org.ecdkit.format.classinfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Framework;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.Parsed;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassListJson;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.InferenceSettingsJson;
import org.ecdkit.format.definition.UnknownKeys;

/**
 * Reads and checks a class-info file. Every documented key is checked for type and range; a value
 * out of range, a duplicate class value or name, or a missing {@code Classes} is an
 * {@link org.ecdkit.core.error.InvalidInputException} naming the file, line, column and JSON path.
 * Unknown keys are kept and reported as warnings.
 *
 * <pre>{@code
 * Parsed<ClassInfo> read = ClassInfoReader.read(Path.of("classes.json"));
 * read.findings().forEach(System.err::println);
 * ClassInfo info = read.value();
 * }</pre>
 */
public final class ClassInfoReader {

    public static final String MARKER = "ImportDeepLearningModelToEsriExtraInfo";
    /** The most tiles per inference call accepted; larger batches exhaust memory long before. */
    public static final int MAX_BATCH = 4096;

    private static final Set<String> OWN_KEYS = Set.of(MARKER, "Version", "Classifier", "NumberRasterBands",
            "MiniBatchSize", "BatchSize", "Classes");

    /** Keys ecdkit knows but does not interpret here: kept for the definition, without a warning. */
    private static final Set<String> PASS_THROUGH = Set.of(org.ecdkit.format.definition.DetectionOutputsJson.KEY,
            "ModelName", "ModelConfiguration", "InferenceFunction");

    private ClassInfoReader() {
    }

    public static Parsed<ClassInfo> read(Path file) {
        return read(JsonDocumentReader.read(file));
    }

    public static Parsed<ClassInfo> read(JsonDocument document) {
        List<Finding> findings = new ArrayList<>(document.findings());
        JsonCursor root = document.cursor();
        root.asObject();
        Map<String, Place> places = root.memberPlaces();

        root.find(MARKER).ifPresent(marker -> marker.asLong(0, 0));
        root.find("Version").ifPresent(version -> checkVersion(version, findings));

        Optional<Framework> classifier = root.find("Classifier").map(c -> {
            String name = c.asString();
            return Framework.parse(name).orElseThrow(() -> c.invalid("one of " + Framework.knownNames()));
        });
        if (classifier.isEmpty()) {
            findings.add(Finding.note("no-classifier", document.file() + ": no \"Classifier\"; the detected model format will name it"));
        }

        InferenceSettings settings = InferenceSettingsJson.read(root, findings);
        int bands = readBands(root, settings);
        int batch = readBatch(root, findings);
        List<ClassEntry> classes = ClassListJson.read(root.get("Classes"), findings);

        Map<String, JsonValue> extras = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>(OWN_KEYS);
        known.addAll(InferenceSettingsJson.KEYS);
        for (String key : root.keys()) {
            if (PASS_THROUGH.contains(key)) {
                extras.put(key, root.asObject().members().get(key));
            } else if (!known.contains(key)) {
                extras.put(key, root.asObject().members().get(key));
                findings.add(UnknownKeys.finding(root.keyPlace(key), key, known));
            }
        }
        ClassInfo info = new ClassInfo(document.file(), classifier, bands, batch, classes, settings, extras, places);
        return new Parsed<>(info, findings);
    }

    private static void checkVersion(JsonCursor version, List<Finding> findings) {
        if (version.isString()) {
            // Esri model definitions write "Version": "2024.03"; such a file is being used as class info.
            findings.add(Finding.note("emd-version", version.place() + ": a model-definition style version \""
                    + version.asString() + "\"; read as class-info version 1"));
            return;
        }
        long value = version.asLong(1, Integer.MAX_VALUE);
        if (value != 1) {
            findings.add(Finding.warning("version", version.place() + ": version " + value
                    + " is newer than the version 1 ecdkit knows; reading it as version 1"));
        }
    }

    private static int readBands(JsonCursor root, InferenceSettings settings) {
        int extracted = settings.extractBands().size();
        if (root.has("NumberRasterBands")) {
            JsonCursor field = root.get("NumberRasterBands");
            int bands = field.asInt(1, InferenceSettingsJson.MAX_BANDS);
            if (extracted > 0 && extracted != bands) {
                throw field.problem("NumberRasterBands is " + bands + " but ExtractBands lists " + extracted
                        + " bands (" + root.get("ExtractBands").place() + ")");
            }
            return bands;
        }
        if (extracted > 0) {
            return extracted;
        }
        throw root.problem("missing key \"NumberRasterBands\" (or \"ExtractBands\", whose length gives it)");
    }

    private static int readBatch(JsonCursor root, List<Finding> findings) {
        Optional<Integer> mini = root.find("MiniBatchSize").map(c -> c.asInt(1, MAX_BATCH));
        Optional<Integer> batch = root.find("BatchSize").map(c -> c.asInt(1, MAX_BATCH));
        if (mini.isPresent() && batch.isPresent() && !mini.equals(batch)) {
            findings.add(Finding.warning("batch-size", root.get("BatchSize").place() + ": BatchSize " + batch.get()
                    + " differs from MiniBatchSize " + mini.get() + "; MiniBatchSize is used"));
        }
        if (mini.isEmpty() && batch.isEmpty()) {
            findings.add(Finding.note("batch-size", root.file() + ": no \"MiniBatchSize\"; 1 tile per inference call"));
        }
        return mini.or(() -> batch).orElse(1);
    }
}
