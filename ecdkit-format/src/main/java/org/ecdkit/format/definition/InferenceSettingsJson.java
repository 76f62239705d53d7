package org.ecdkit.format.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.report.Finding;

/**
 * Reads and writes the Esri model-definition keys that say how imagery is fed to a model
 * ({@code ExtractBands}, {@code ImageHeight}, {@code ImageWidth}, {@code ModelPadding},
 * {@code DataRange}, {@code ModelType}), wherever they appear: in class-info files, .ecd and .emd.
 */
public final class InferenceSettingsJson {

    public static final Set<String> KEYS = Set.of("ExtractBands", "ImageHeight", "ImageWidth", "ModelPadding",
            "DataRange", "ModelType");

    /** Model types of Esri's model definition; others are kept with a warning. */
    public static final Set<String> KNOWN_MODEL_TYPES = Set.of("ImageClassification", "ObjectDetection",
            "ObjectClassification", "InstanceDetection", "Pixel Classification");

    /** The largest tile side accepted, the same bound TIFF puts on a tile. */
    public static final int MAX_TILE = 65_535;
    /** The most bands a raster can have (TIFF's SamplesPerPixel is 16-bit). */
    public static final int MAX_BANDS = 65_535;

    private InferenceSettingsJson() {
    }

    public static InferenceSettings read(JsonCursor object, List<Finding> findings) {
        List<BandSelector> bands = object.find("ExtractBands").map(InferenceSettingsJson::readBands).orElse(List.of());
        OptionalInt height = optionalInt(object, "ImageHeight", 1, MAX_TILE);
        OptionalInt width = optionalInt(object, "ImageWidth", 1, MAX_TILE);
        OptionalInt padding = optionalInt(object, "ModelPadding", 0, MAX_TILE);
        if (padding.isPresent()) {
            int smallest = Math.min(height.orElse(MAX_TILE), width.orElse(MAX_TILE));
            if (2 * padding.getAsInt() >= smallest) {
                throw object.get("ModelPadding").invalid("padding smaller than half the tile (" + smallest + " pixels)");
            }
        }
        Optional<DataRange> range = object.find("DataRange").map(InferenceSettingsJson::readRange);
        Optional<String> type = object.find("ModelType").map(JsonCursor::asString);
        type.filter(t -> !KNOWN_MODEL_TYPES.contains(t)).ifPresent(t -> findings.add(Finding.warning("model-type",
                object.get("ModelType").place() + ": unknown model type \"" + t + "\"; known: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN_MODEL_TYPES)))));
        return new InferenceSettings(bands, height, width, padding, range, type);
    }

    private static OptionalInt optionalInt(JsonCursor object, String key, int min, int max) {
        return object.find(key).map(c -> OptionalInt.of(c.asInt(min, max))).orElse(OptionalInt.empty());
    }

    private static List<BandSelector> readBands(JsonCursor array) {
        List<BandSelector> bands = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonCursor band : array.elements(1, MAX_BANDS)) {
            BandSelector selector = band.isString()
                    ? BandSelector.named(band.asString())
                    : BandSelector.index(band.asInt(0, MAX_BANDS - 1));
            if (!seen.add(selector.toString())) {
                throw band.problem("band " + selector + " is listed twice");
            }
            bands.add(selector);
        }
        return bands;
    }

    private static DataRange readRange(JsonCursor array) {
        List<JsonCursor> ends = array.elements(2, 2);
        double min = ends.get(0).asDouble();
        double max = ends.get(1).asDouble();
        if (!(min < max)) {
            throw array.invalid("[min, max] with min < max");
        }
        return new DataRange(min, max);
    }

    public static void write(InferenceSettings settings, JsonObject.Builder out) {
        if (!settings.extractBands().isEmpty()) {
            List<JsonValue> bands = settings.extractBands().stream()
                    .map(b -> b.isIndex() ? (JsonValue) JsonNumber.of(b.index()) : JsonString.of(b.name()))
                    .toList();
            out.put("ExtractBands", JsonArray.of(bands));
        }
        settings.imageHeight().ifPresent(v -> out.put("ImageHeight", v));
        settings.imageWidth().ifPresent(v -> out.put("ImageWidth", v));
        settings.modelPadding().ifPresent(v -> out.put("ModelPadding", v));
        settings.dataRange().ifPresent(r -> out.put("DataRange", JsonArray.of(List.of(JsonNumber.of(r.min()), JsonNumber.of(r.max())))));
        settings.modelType().ifPresent(t -> out.put("ModelType", t));
    }
}
