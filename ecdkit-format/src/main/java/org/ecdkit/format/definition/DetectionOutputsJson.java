package org.ecdkit.format.definition;

import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.DetectionOutputs.Convention;

/**
 * The {@code DetectionOutputs} key of a class-info file or definition: which convention a detector's
 * outputs follow, their names, and the label of the first class.
 * <pre>
 * {"Convention": "torchvision", "Boxes": "boxes", "Scores": "scores", "Classes": "labels",
 *  "Masks": "masks", "FirstLabel": 1}
 * {"Convention": "yolo-v8", "Predictions": "output0", "FirstLabel": 0}
 * </pre>
 * {@code Convention} defaults to boxes-scores-labels; {@code Count} names the TF convention's count;
 * {@code FirstLabel} defaults to the convention's (1 where label 0 is the background). Convert
 * writes the key into every detector's definition, so what a run decodes is written down.
 */
public final class DetectionOutputsJson {

    public static final String KEY = "DetectionOutputs";
    /** Labels are small numbers; a larger first label is a typing error. */
    private static final int MAX_FIRST_LABEL = 1_000_000;

    private DetectionOutputsJson() {
    }

    /** The outputs {@code extras} name, if they have the key; {@code place} is where the key was read. */
    public static Optional<DetectionOutputs> read(Map<String, JsonValue> extras, Place place) {
        JsonValue value = extras.get(KEY);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject object)) {
            throw new InvalidInputException(place.locate(KEY), "expected an object naming the detector's outputs "
                    + "(Boxes, Scores and Classes, or a YOLO model's Predictions)");
        }
        String id = text(object, "Convention").orElse(Convention.BOXES_SCORES_LABELS.id());
        Convention convention = Convention.byId(id).orElseThrow(() -> new InvalidInputException(
                place.locate(KEY + ".Convention"), "\"" + id + "\" is not a detection convention ecdkit reads ("
                        + Convention.ids() + ")"));
        DetectionOutputs outputs;
        if (convention.yolo()) {
            outputs = DetectionOutputs.yolo(convention, required(object, "Predictions", place));
        } else {
            outputs = DetectionOutputs.of(convention, required(object, "Boxes", place), required(object, "Scores", place),
                    required(object, "Classes", place), text(object, "Count"));
            Optional<String> masks = text(object, "Masks");
            if (masks.isPresent()) {
                if (convention != Convention.TORCHVISION) {
                    throw new InvalidInputException(place.locate(KEY + ".Masks"), "masks are read from torchvision's "
                            + "Mask R-CNN outputs only (Convention \"torchvision\"), not " + convention.id() + "'s");
                }
                outputs = outputs.withMasks(masks.get());
            }
        }
        Optional<JsonValue> first = object.get("FirstLabel");
        if (first.isPresent()) {
            if (!(first.get() instanceof JsonNumber number) || !number.isBetween(0, MAX_FIRST_LABEL)) {
                throw new InvalidInputException(place.locate(KEY + ".FirstLabel"), "expected the model's label of the "
                        + "first class, a whole number from 0 (labels index the classes) or 1 (label 0 is the background)");
            }
            outputs = outputs.withFirstLabel(number.value().intValueExact());
        }
        return Optional.of(outputs);
    }

    /** The key's value for {@code outputs}, every field written, so a reader needs no defaults. */
    public static JsonObject write(DetectionOutputs outputs) {
        JsonObject.Builder json = JsonObject.builder().put("Convention", outputs.convention().id());
        if (outputs.convention().yolo()) {
            json.put("Predictions", outputs.boxes());
        } else {
            json.put("Boxes", outputs.boxes()).put("Scores", outputs.scores().orElseThrow())
                    .put("Classes", outputs.classes().orElseThrow());
            outputs.count().ifPresent(c -> json.put("Count", c));
            outputs.masks().ifPresent(m -> json.put("Masks", m));
        }
        return json.put("FirstLabel", outputs.firstLabel()).build();
    }

    private static Optional<String> text(JsonObject object, String key) {
        return object.get(key).filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).value());
    }

    private static String required(JsonObject object, String key, Place place) {
        return text(object, key).orElseThrow(() -> new InvalidInputException(place.locate(KEY + "." + key),
                "missing: the name of the model's " + key.toLowerCase(java.util.Locale.ROOT) + " output"));
    }
}
