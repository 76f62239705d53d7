package org.ecdkit.format.definition;

import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.DetectionOutputs;

/**
 * The {@code DetectionOutputs} key of a class-info file or definition, naming a detector's outputs
 * when their names follow no convention:
 * {@code {"Convention": "boxes-scores-labels", "Boxes": "out_a", "Scores": "out_b", "Classes": "out_c"}}
 * ({@code Convention} defaults to boxes-scores-labels; {@code Count} names the TF convention's count).
 */
public final class DetectionOutputsJson {

    public static final String KEY = "DetectionOutputs";

    private DetectionOutputsJson() {
    }

    /** The outputs {@code extras} name, if they have the key; {@code place} is where the key was read. */
    public static Optional<DetectionOutputs> read(Map<String, JsonValue> extras, Place place) {
        JsonValue value = extras.get(KEY);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidInputException(place.locate(KEY), "expected an object naming Boxes, Scores and Classes");
        }
        String convention = text(object, "Convention").orElse(DetectionOutputs.Convention.BOXES_SCORES_LABELS.id());
        DetectionOutputs.Convention known = DetectionOutputs.Convention.byId(convention).orElseThrow(() ->
                new InvalidInputException(place.locate(KEY + ".Convention"), "\"" + convention + "\" is not a detection "
                        + "convention ecdkit reads (tf-object-detection, boxes-scores-labels)"));
        return Optional.of(new DetectionOutputs(known, required(object, "Boxes", place), required(object, "Scores", place),
                required(object, "Classes", place), text(object, "Count")));
    }

    private static Optional<String> text(JsonObject object, String key) {
        return object.get(key).filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).value());
    }

    private static String required(JsonObject object, String key, Place place) {
        return text(object, key).orElseThrow(() -> new InvalidInputException(place.locate(KEY + "." + key),
                "missing: the name of the model's " + key.toLowerCase(java.util.Locale.ROOT) + " output"));
    }
}
