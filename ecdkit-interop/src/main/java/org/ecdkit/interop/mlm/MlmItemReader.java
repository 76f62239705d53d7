package org.ecdkit.interop.mlm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Framework;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.classinfo.ClassInfoReader;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.DefaultColors;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.Rgb;
import org.ecdkit.interop.DescriptionFormat;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.interop.ModelLocation;

/**
 * Reads a STAC Item with the MLM extension as a converter's class info: {@code mlm:framework} is the
 * classifier, the first input's bands or channel dimension the band count, its height and width the
 * tile size, {@code mlm:batch_size_suggestion} (or a fixed batch dimension) the mini-batch, the
 * first output's {@code classification:classes} the classes, {@code mlm:name} and
 * {@code mlm:architecture} the ModelName and ModelConfiguration, an object-detection task the
 * ModelType; the model is the asset with the {@code mlm:model} role.
 */
public final class MlmItemReader {

    private MlmItemReader() {
    }

    /** Whether {@code root} is a STAC Item declaring an MLM extension schema (any version). */
    public static boolean isMlmItem(JsonCursor root) {
        return root.isObject() && root.find("type").filter(JsonCursor::isString).map(JsonCursor::asString)
                .filter("Feature"::equals).isPresent()
                && root.find("stac_extensions").filter(JsonCursor::isArray).map(JsonCursor::elements).orElse(List.of())
                        .stream().anyMatch(e -> e.isString() && e.asString().matches("https://stac-extensions\\.github\\.io/mlm/v[^/]+/schema\\.json"));
    }

    public static ModelDescription read(JsonDocument document) {
        List<Finding> findings = new ArrayList<>(document.findings());
        JsonCursor root = document.cursor();
        Path file = document.file();
        JsonCursor properties = root.get("properties");
        Optional<Framework> framework = properties.find("mlm:framework").flatMap(f -> {
            Optional<Framework> known = Framework.parse(f.asString());
            if (known.isEmpty()) {
                findings.add(Finding.warning("framework", f.place() + ": mlm:framework \"" + f.asString()
                        + "\" is not one ecdkit names (" + Framework.knownNames() + "); the model's format will name it"));
            }
            return known;
        });
        List<JsonCursor> inputs = properties.get("mlm:input").elements(1, 1024);
        List<JsonCursor> outputs = properties.get("mlm:output").elements(1, 1024);
        if (inputs.size() > 1) {
            findings.add(Finding.warning("several-inputs", properties.get("mlm:input").place() + ": "
                    + inputs.size() + " inputs; the first describes the imagery"));
        }
        JsonCursor input = inputs.get(0);
        Map<String, Long> inputDims = dimensions(input.get("input"));
        int bands = input.find("bands").map(b -> b.elements().size()).filter(n -> n > 0)
                .orElse((int) Math.max(0, inputDims.getOrDefault("bands", inputDims.getOrDefault("channel", 0L))));
        int batch = properties.find("mlm:batch_size_suggestion").map(b -> b.asInt(1, ClassInfoReader.MAX_BATCH))
                .orElse((int) Math.max(1, Math.min(ClassInfoReader.MAX_BATCH, inputDims.getOrDefault("batch", 1L))));
        JsonCursor output = outputs.stream().filter(o -> o.has("classification:classes")).findFirst().orElse(outputs.get(0));
        List<ClassEntry> classes = classes(output, findings);
        List<String> tasks = properties.get("mlm:tasks").elements().stream().map(JsonCursor::asString).toList();
        Optional<String> modelType = tasks.contains("object-detection") || tasks.contains("detection")
                ? Optional.of("ObjectDetection") : Optional.of("ImageClassification");
        InferenceSettings settings = new InferenceSettings(List.of(), positive(inputDims.get("height")),
                positive(inputDims.get("width")), OptionalInt.empty(), Optional.empty(), modelType);
        Map<String, JsonValue> extras = new LinkedHashMap<>();
        properties.find("mlm:name").ifPresent(n -> extras.put("ModelName", JsonString.of(n.asString())));
        properties.find("mlm:architecture").ifPresent(a -> extras.put("ModelConfiguration", JsonString.of(a.asString())));
        input.find("value_scaling").filter(v -> !v.isNull()).ifPresent(v -> findings.add(Finding.warning("value-scaling",
                v.place() + ": value_scaling is not carried into the definition (its DataRange maps a type's range, "
                        + "not a statistic); check the model's input scaling")));
        Map<String, Place> places = new HashMap<>();
        places.put("Classes", output.place());
        places.put("NumberRasterBands", input.place());
        places.put("MiniBatchSize", properties.place());
        ClassInfo info = new ClassInfo(file, framework, bands, batch, classes, settings, extras, places);
        return new ModelDescription(DescriptionFormat.MLM, file, info, model(root, file), findings);
    }

    /** The dimensions of an input or result structure by name: {"batch": -1, "channel": 4, ...}. */
    private static Map<String, Long> dimensions(JsonCursor structure) {
        List<JsonCursor> shape = structure.get("shape").elements(1, 64);
        List<JsonCursor> order = structure.get("dim_order").elements(shape.size(), shape.size());
        Map<String, Long> dims = new HashMap<>();
        for (int i = 0; i < shape.size(); i++) {
            dims.put(order.get(i).asString(), shape.get(i).asLong(-1, Integer.MAX_VALUE));
        }
        return dims;
    }

    private static OptionalInt positive(Long size) {
        return size != null && size > 0 ? OptionalInt.of(size.intValue()) : OptionalInt.empty();
    }

    /**
     * The classes: a class's name is its {@code title} when it has one (ecdkit writes the name
     * verbatim there), else its description when that cleans to its name (ecdkit's v1.1.0 items),
     * else its name; {@code color_hint} gives the colour.
     */
    private static List<ClassEntry> classes(JsonCursor output, List<Finding> findings) {
        Optional<JsonCursor> list = output.find("classification:classes");
        if (list.isEmpty() || list.get().elements().isEmpty()) {
            throw output.problem("no \"classification:classes\": the item does not name the model's classes");
        }
        List<ClassEntry> classes = new ArrayList<>();
        List<JsonCursor> elements = list.get().elements(1, 65_536);
        for (int i = 0; i < elements.size(); i++) {
            JsonCursor entry = elements.get(i);
            long value = entry.get("value").asLong(0, ClassEntry.MAX_VALUE);
            Optional<String> name = entry.find("name").map(JsonCursor::asString);
            Optional<String> description = entry.find("description").map(JsonCursor::asString);
            String label = entry.find("title").map(JsonCursor::asString)
                    .or(() -> description.filter(d -> name.isEmpty() || StacNames.className(d, value).equals(name.get())))
                    .or(() -> name)
                    .or(() -> description)
                    .orElse("Class " + value);
            Rgb color;
            Optional<JsonCursor> hint = entry.find("color_hint");
            if (hint.isPresent() && hint.get().isString() && hint.get().asString().matches("[0-9A-Fa-f]{6}")) {
                int rgb = Integer.parseInt(hint.get().asString(), 16);
                color = new Rgb(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF);
            } else {
                color = DefaultColors.forIndex(i);
                findings.add(Finding.warning("default-color", entry.place() + ": no six-digit \"color_hint\"; using " + color));
            }
            classes.add(new ClassEntry(value, label, color, Map.of()));
        }
        return classes;
    }

    /** The asset with the mlm:model role: a relative href or file URL on disk, anything else remote. */
    private static ModelLocation model(JsonCursor root, Path file) {
        Optional<JsonCursor> assets = root.find("assets").filter(JsonCursor::isObject);
        if (assets.isEmpty()) {
            return new ModelLocation.Unnamed();
        }
        for (String key : assets.get().keys()) {
            JsonCursor asset = assets.get().get(key);
            boolean model = asset.find("roles").filter(JsonCursor::isArray).map(JsonCursor::elements).orElse(List.of())
                    .stream().anyMatch(r -> r.isString() && r.asString().equals("mlm:model"));
            if (!model) {
                continue;
            }
            return AssetHref.locate(asset.get("href"), file);
        }
        return new ModelLocation.Unnamed();
    }
}
