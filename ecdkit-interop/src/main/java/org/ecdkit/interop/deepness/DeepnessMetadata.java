package org.ecdkit.interop.deepness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.json.JsonWriter;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.DataRange;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.ModelReference;

/**
 * A definition as QGIS Deepness's metadata, the {@code metadata_props} of the ONNX model, each value
 * a JSON document: {@code model_type}, {@code class_names} (index to name), {@code tile_size} (the
 * plugin's code reads this key; its documentation says {@code tiles_size}, so both are written),
 * {@code tiles_overlap} (percent of the tile), {@code standardization_mean} and
 * {@code standardization_std} (applied to pixels divided by 255), {@code seg_thresh}.
 *
 * <p>Deepness writes class index i as raster value i + 1 and has no class values or colours: values
 * 1..n survive a round trip, others and every colour do not, and the warning says so. ecdkit's
 * DataRange maps the input type's range linearly onto [min, max]; for 8-bit input that is Deepness's
 * standardisation with mean = -min / (max - min) and std = 1 / (max - min) for every band.
 *
 * @param properties the metadata to set, keys to JSON texts
 * @param findings   what Deepness cannot carry
 */
public record DeepnessMetadata(Map<String, String> properties, List<Finding> findings) {

    public static DeepnessMetadata of(ClassifierDefinition definition, java.nio.file.Path definitionFile) {
        ModelReference model = definition.model().orElseThrow();
        InferenceSettings settings = definition.settings();
        List<Finding> findings = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        boolean detection = settings.modelType().filter("ObjectDetection"::equals).isPresent();
        if (!detection && !model.outputKind().isPixelwise()) {
            throw new UnsupportedInputException(Place.of(definitionFile), "Deepness has no model type for "
                    + model.outputKind().description() + " (a whole-tile classifier); export to emd, dlpk or mlm instead");
        }
        if (detection && !yoloShaped(model)) {
            throw new UnsupportedInputException(Place.of(definitionFile), "Deepness runs YOLO-style detectors, one output "
                    + "of shape (1, detections, values); this model's outputs ("
                    + String.join(", ", model.signature().outputs().stream().map(TensorSpec::name).toList())
                    + ") are not; export to emd, dlpk or mlm instead");
        }
        properties.put("model_type", json(JsonString.of(detection ? "Detector" : "Segmentor")));
        model.signature().input(model.inputName()).filter(i -> i.layout().layout() == org.ecdkit.core.model.Layout.NHWC)
                .ifPresent(i -> findings.add(Finding.warning("layout", "Deepness feeds its models NCHW tensors (channels "
                        + "first); this model's input \"" + i.name() + "\" " + i.shape() + " takes NHWC")));
        JsonObject.Builder names = JsonObject.builder();
        List<ClassEntry> classes = definition.classes();
        for (int i = 0; i < classes.size(); i++) {
            names.put(Integer.toString(i), classes.get(i).name());
        }
        properties.put("class_names", json(names.build()));
        boolean deepnessValues = IntStream.range(0, classes.size()).allMatch(i -> classes.get(i).value() == i + 1);
        if (!deepnessValues) {
            lost.add("class values " + classes.stream().map(c -> Long.toString(c.value())).toList()
                    + " (Deepness writes class i as i + 1)");
        }
        lost.add("class colours");
        OptionalInt tile = settings.imageHeight().isPresent() ? settings.imageHeight() : fixedTile(model);
        if (tile.isPresent()) {
            properties.put("tile_size", json(JsonNumber.of(tile.getAsInt())));
            properties.put("tiles_size", json(JsonNumber.of(tile.getAsInt())));
            if (settings.imageWidth().isPresent() && settings.imageWidth().getAsInt() != tile.getAsInt()) {
                lost.add("ImageWidth " + settings.imageWidth().getAsInt() + " (Deepness tiles are square)");
            }
            int padding = settings.modelPadding().orElse(0);
            long overlap = Math.round(200.0 * padding / tile.getAsInt());
            properties.put("tiles_overlap", json(JsonNumber.of(overlap)));
            long back = Math.round(overlap * tile.getAsInt() / 200.0);
            if (back != padding) {
                lost.add("ModelPadding " + padding + " exactly (" + overlap + " % overlap reads back as " + back + ")");
            }
        } else if (settings.modelPadding().isPresent()) {
            lost.add("ModelPadding " + settings.modelPadding().getAsInt() + " (no tile size to make it a percentage)");
        }
        DataRange range = settings.dataRange().orElse(new DataRange(0, 255));
        double mean = -range.min() / (range.max() - range.min()) + 0.0; // + 0.0: no "-0.0" in the metadata
        double std = 1 / (range.max() - range.min());
        properties.put("standardization_mean", json(repeated(mean, definition.numberBands())));
        properties.put("standardization_std", json(repeated(std, definition.numberBands())));
        if (model.outputKind() == OutputKind.SINGLE_SCORE) {
            properties.put("seg_thresh", json(JsonNumber.of(0.5)));
        }
        definition.miniBatchSize().ifPresent(b -> lost.add("MiniBatchSize " + b));
        boolean firstBands = settings.extractBands().equals(IntStream.range(0, definition.numberBands())
                .mapToObj(BandSelector::index).toList());
        if (!settings.extractBands().isEmpty() && !firstBands) {
            lost.add("ExtractBands " + settings.extractBands());
        }
        lost.addAll(definition.extras().keySet());
        findings.add(Finding.warning("not-carried", "Deepness metadata has no field for " + String.join(", ", lost)
                + "; they are not in the model"));
        return new DeepnessMetadata(properties, findings);
    }

    /**
     * Deepness's detector takes the first output as YOLO's (batch, detections, values) and refuses a model
     * with more than one output; the conventions ecdkit's detect reads (TF Object Detection's four
     * outputs, boxes-scores-labels' three) are never that.
     */
    private static boolean yoloShaped(ModelReference model) {
        List<TensorSpec> outputs = model.signature().outputs();
        return outputs.size() == 1 && outputs.get(0).shape().rankKnown() && outputs.get(0).shape().rank() == 3;
    }

    /** The model's fixed square tile, when its image input fixes both sides to one size. */
    private static OptionalInt fixedTile(ModelReference model) {
        return model.signature().input(model.inputName()).map(input -> {
            var layout = input.layout().layout();
            if (layout.heightAxis().isEmpty() || layout.widthAxis().isEmpty()) {
                return OptionalInt.empty();
            }
            long h = input.shape().dim(layout.heightAxis().getAsInt()).sizeOrMinusOne();
            long w = input.shape().dim(layout.widthAxis().getAsInt()).sizeOrMinusOne();
            return h > 0 && h == w ? OptionalInt.of((int) h) : OptionalInt.empty();
        }).orElse(OptionalInt.empty());
    }

    private static JsonArray repeated(double value, int count) {
        List<JsonValue> values = new ArrayList<>();
        for (int i = 0; i < Math.max(1, count); i++) {
            values.add(JsonNumber.of(value));
        }
        return JsonArray.of(values);
    }

    private static String json(JsonValue value) {
        return JsonWriter.write(value).strip();
    }
}
