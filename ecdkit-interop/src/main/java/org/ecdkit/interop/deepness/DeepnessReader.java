package org.ecdkit.interop.deepness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonLimits;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.DataRange;
import org.ecdkit.format.definition.DefaultColors;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.interop.DescriptionFormat;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.interop.ModelLocation;

/**
 * Reads the Deepness metadata of an ONNX model (its {@code metadata_props}, as inspection gives
 * them) as a converter's class info: class i of {@code class_names} gets value i + 1, as Deepness
 * writes it, and a default colour; {@code tiles_size} and {@code tiles_overlap} give the tile and
 * padding, the standardisation a DataRange when it is the same for every band. The band count is
 * the model's.
 */
public final class DeepnessReader {

    private DeepnessReader() {
    }

    /** Whether {@code properties} carry Deepness metadata. */
    public static boolean isDeepness(Map<String, String> properties) {
        return properties.containsKey("class_names");
    }

    public static ModelDescription read(Path onnx, Map<String, String> properties) {
        List<Finding> findings = new ArrayList<>();
        if (!isDeepness(properties)) {
            throw new InvalidInputException(Place.in(onnx, "metadata_props"), "an ONNX model without Deepness metadata "
                    + "(\"class_names\"): it cannot stand for a class-info file");
        }
        JsonCursor names = value(onnx, properties, "class_names").orElseThrow();
        List<ClassEntry> classes = new ArrayList<>();
        for (int i = 0; i < names.keys().size(); i++) {
            String key = Integer.toString(i);
            if (!names.has(key)) {
                throw names.problem("class ids must run from 0 without gaps; \"" + i + "\" is missing");
            }
            classes.add(new ClassEntry(i + 1, names.get(key).asString(), DefaultColors.forIndex(i), Map.of()));
        }
        findings.add(Finding.warning("default-color", onnx + ": Deepness metadata has no class values or colours; class i "
                + "takes value i + 1, as Deepness writes it (1.." + classes.size() + "), and a default colour"));
        Optional<String> modelType = value(onnx, properties, "model_type").map(JsonCursor::asString).flatMap(type -> switch (type) {
            case "Segmentor" -> Optional.of("ImageClassification");
            case "Detector" -> Optional.of("ObjectDetection");
            default -> {
                findings.add(Finding.warning("model-type", onnx + ": Deepness model type \"" + type
                        + "\" has no Esri counterpart"));
                yield Optional.empty();
            }
        });
        // The plugin's code reads tile_size; its documentation names tiles_size.
        OptionalInt tile = value(onnx, properties, "tile_size").or(() -> value(onnx, properties, "tiles_size"))
                .map(c -> OptionalInt.of(c.asInt(1, 65_535))).orElse(OptionalInt.empty());
        OptionalInt padding = OptionalInt.empty();
        Optional<JsonCursor> overlap = value(onnx, properties, "tiles_overlap");
        if (overlap.isPresent() && tile.isPresent()) {
            long pixels = Math.round(overlap.get().asDouble() * tile.getAsInt() / 200.0);
            padding = pixels > 0 ? OptionalInt.of((int) pixels) : OptionalInt.empty();
        }
        Optional<DataRange> range = range(onnx, properties, findings);
        InferenceSettings settings = new InferenceSettings(List.of(), tile, tile, padding, range, modelType);
        findings.add(Finding.note("batch-size", onnx + ": Deepness metadata has no batch size; 1 tile per inference call"));
        Map<String, Place> places = new HashMap<>();
        places.put("Classes", Place.in(onnx, "metadata_props.class_names"));
        ClassInfo info = new ClassInfo(onnx, Optional.empty(), 0, 1, classes, settings, Map.of(), places);
        return new ModelDescription(DescriptionFormat.DEEPNESS, onnx, info, new ModelLocation.OnDisk(onnx), findings);
    }

    /** [min, max] from a standardisation that is the same for every band; none for [0, 255] (raw 8-bit values). */
    private static Optional<DataRange> range(Path onnx, Map<String, String> properties, List<Finding> findings) {
        Optional<JsonCursor> means = value(onnx, properties, "standardization_mean");
        Optional<JsonCursor> stds = value(onnx, properties, "standardization_std");
        if (means.isEmpty() || stds.isEmpty()) {
            // Deepness divides by 255 whatever else it does: without standardisation the model sees [0, 1].
            return Optional.of(new DataRange(0, 1));
        }
        List<Double> mean = means.get().elements().stream().map(JsonCursor::asDouble).distinct().toList();
        List<Double> std = stds.get().elements().stream().map(JsonCursor::asDouble).distinct().toList();
        if (mean.size() != 1 || std.size() != 1 || std.get(0) == 0) {
            findings.add(Finding.warning("standardization", onnx + ": per-band standardisation (mean " + mean + ", std "
                    + std + ") has no DataRange counterpart; the definition feeds raw values"));
            return Optional.empty();
        }
        double min = -mean.get(0) / std.get(0);
        double max = (1 - mean.get(0)) / std.get(0);
        if (Math.abs(min) < 1e-6 && Math.abs(max - 255) < 1e-6) {
            return Optional.empty();
        }
        return Optional.of(new DataRange(round(min), round(max)));
    }

    /** Undoes the float noise of mean/std arithmetic: 1e-9 relative is far below any pixel step. */
    private static double round(double value) {
        double rounded = Math.rint(value * 1e6) / 1e6;
        // Adding 0.0 turns -0.0 into 0.0, which records compare as different.
        return (Math.abs(rounded - value) < 1e-9 * Math.max(1, Math.abs(value)) ? rounded : value) + 0.0;
    }

    private static Optional<JsonCursor> value(Path onnx, Map<String, String> properties, String key) {
        String text = properties.get(key);
        if (text == null) {
            return Optional.empty();
        }
        Path name = Path.of(onnx + "#metadata_props." + key);
        return Optional.of(JsonCursor.root(name, new JsonDocumentReader(JsonLimits.DEFAULT)
                .parse(name, text.getBytes(StandardCharsets.UTF_8)).root()));
    }
}
