package org.ecdkit.interop.mlm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonNull;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.ModelReference;

/**
 * Writes a definition as a STAC Item with the Machine Learning Model extension (v1.5.2):
 * {@code mlm:name} and {@code mlm:architecture} from ModelName and ModelConfiguration, the framework,
 * the batch as {@code mlm:batch_size_suggestion}, the model's input and class output with shapes in
 * the definition's tile size, dimension orders from their layouts and data types, the classes in the
 * classification extension's form, and the model as an asset with the {@code mlm:model} role. What the
 * extension has no field for is listed in a warning.
 *
 * @param json     the item
 * @param findings what could not be carried
 */
public record MlmItemWriter(JsonObject json, List<Finding> findings) {

    /** The start and end of an item that describes no acquisition: STAC's "open" interval. */
    static final String START = "1900-01-01T00:00:00Z";
    static final String END = "9999-12-31T23:59:59Z";
    private static final Set<String> RASTER_TYPES = Set.of("int8", "int16", "int32", "int64", "uint8", "uint16",
            "uint32", "uint64", "float16", "float32", "float64");

    /**
     * @param modelHref  the model's path relative to the item ('/'-separated), or an absolute file URL
     * @param fallbackName a model name when the definition has no ModelName (the model file's stem)
     */
    public static MlmItemWriter of(ClassifierDefinition definition, String modelHref, String fallbackName) {
        ModelReference model = definition.model().orElseThrow();
        List<Finding> findings = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        InferenceSettings settings = definition.settings();
        String name = StacNames.modelName(text(definition, "ModelName").orElse(fallbackName));
        String architecture = text(definition, "ModelConfiguration").orElse(model.format().description());
        boolean detection = settings.modelType().filter(t -> t.equals("ObjectDetection")).isPresent();
        List<String> tasks = detection ? List.of("object-detection")
                : model.outputKind() == OutputKind.TILE_SCORES ? List.of("classification")
                : List.of("semantic-segmentation");

        JsonObject.Builder properties = JsonObject.builder()
                .put("description", definition.classifier() + " model with " + definition.numberClasses()
                        + " classes, described by ecdkit")
                .put("datetime", JsonNull.INSTANCE)
                .put("start_datetime", START)
                .put("end_datetime", END)
                .put("mlm:name", name)
                .put("mlm:architecture", architecture)
                .put("mlm:tasks", JsonArray.ofStrings(tasks))
                .put("mlm:framework", definition.classifier());
        definition.miniBatchSize().ifPresent(b -> properties.put("mlm:batch_size_suggestion", b));
        TensorSpec input = model.signature().input(model.inputName()).orElseThrow();
        TensorSpec output = model.signature().output(model.outputName()).orElseThrow();
        properties.put("mlm:input", JsonArray.of(List.of(JsonObject.builder()
                .put("name", model.inputName())
                .put("bands", JsonArray.of(List.of()))
                .put("input", structure(input, definition.numberBands(), settings, false))
                .build())));
        properties.put("mlm:output", JsonArray.of(List.of(JsonObject.builder()
                .put("name", model.outputName())
                .put("tasks", JsonArray.ofStrings(tasks))
                .put("result", structure(output, definition.numberClasses(), settings, true))
                .put("classification:classes", classes(definition.classes(), lost))
                .build())));

        settings.modelPadding().ifPresent(p -> lost.add("ModelPadding " + p));
        settings.dataRange().ifPresent(r -> lost.add("DataRange [" + r.min() + ", " + r.max() + "]"));
        boolean firstBands = settings.extractBands().equals(IntStream.range(0, definition.numberBands())
                .mapToObj(BandSelector::index).toList());
        if (!settings.extractBands().isEmpty() && !firstBands) {
            lost.add("ExtractBands " + settings.extractBands());
        }
        definition.extras().keySet().stream().filter(k -> !k.equals("ModelName") && !k.equals("ModelConfiguration"))
                .forEach(k -> lost.add(k));
        if (!lost.isEmpty()) {
            findings.add(Finding.warning("not-carried", "a STAC MLM item has no field for " + String.join(", ", lost)
                    + "; they are not in the item"));
        }

        JsonObject asset = JsonObject.builder()
                .put("href", modelHref)
                .put("title", model.format().description())
                .put("type", mediaType(model.format()))
                .put("roles", JsonArray.ofStrings(List.of("mlm:model")))
                .put("mlm:artifact_type", artifactType(model.format()))
                .build();
        JsonObject item = JsonObject.builder()
                .put("stac_version", "1.0.0")
                .put("stac_extensions", JsonArray.ofStrings(List.of(MlmSchema.MLM_URL, MlmSchema.CLASSIFICATION_URL)))
                .put("type", "Feature")
                .put("id", StacNames.itemId(name))
                .put("geometry", JsonNull.INSTANCE)
                .put("properties", properties.build())
                .put("assets", JsonObject.builder().put("model", asset).build())
                .put("links", JsonArray.of(List.of()))
                .build();
        return new MlmItemWriter(item, findings);
    }

    private static java.util.Optional<String> text(ClassifierDefinition definition, String key) {
        return java.util.Optional.ofNullable(definition.extras().get(key))
                .filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).value());
    }

    /** Shape, dimension order and data type of a tensor, with the tile size where the model leaves it free. */
    private static JsonObject structure(TensorSpec tensor, int channels, InferenceSettings settings, boolean output) {
        Layout layout = tensor.layout().layout();
        Shape shape = tensor.shape();
        List<JsonValue> dims = new ArrayList<>();
        List<String> order = new ArrayList<>();
        if (!shape.rankKnown() || layout == Layout.UNKNOWN) {
            int rank = shape.rankKnown() ? Math.max(1, shape.rank()) : 1;
            for (int i = 0; i < rank; i++) {
                dims.add(JsonNumber.of(shape.rankKnown() && i < shape.rank() ? shape.dim(i).sizeOrMinusOne() : -1));
                order.add("axis-" + (char) ('a' + i));
            }
        } else {
            for (int axis = 0; axis < shape.rank(); axis++) {
                Dim dim = shape.dim(axis);
                long size = dim.sizeOrMinusOne();
                String role;
                if (layout.channelAxis().orElse(-1) == axis) {
                    role = output ? "class" : "channel";
                    size = size > 0 ? size : channels;
                } else if (layout.heightAxis().orElse(-1) == axis) {
                    role = "height";
                    size = size > 0 ? size : orMinusOne(settings.imageHeight());
                } else if (layout.widthAxis().orElse(-1) == axis) {
                    role = "width";
                    size = size > 0 ? size : orMinusOne(settings.imageWidth());
                } else {
                    role = "batch";
                }
                dims.add(JsonNumber.of(size));
                order.add(role);
            }
        }
        return JsonObject.builder()
                .put("shape", JsonArray.of(dims))
                .put("dim_order", JsonArray.ofStrings(order))
                .put("data_type", dataType(tensor.type()))
                .build();
    }

    private static long orMinusOne(OptionalInt size) {
        return size.isPresent() ? size.getAsInt() : -1;
    }

    static String dataType(ElementType type) {
        String label = type.label();
        return RASTER_TYPES.contains(label) ? label : "other";
    }

    /**
     * Classes as the classification extension has them: {@code value}, {@code description} (required
     * by v1.1.0) and {@code title} with the name verbatim, a {@code name} its pattern allows, and the
     * colour as six hex digits.
     */
    private static JsonArray classes(List<ClassEntry> classes, List<String> lost) {
        List<String> names = StacNames.classNames(classes.stream().map(ClassEntry::name).toList(),
                classes.stream().map(ClassEntry::value).toList());
        List<JsonValue> result = new ArrayList<>();
        Set<String> extraKeys = new LinkedHashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            ClassEntry entry = classes.get(i);
            result.add(JsonObject.builder()
                    .put("value", entry.value())
                    .put("name", names.get(i))
                    .put("title", entry.name())
                    .put("description", entry.name())
                    .put("color_hint", String.format(Locale.ROOT, "%02X%02X%02X", entry.color().red(),
                            entry.color().green(), entry.color().blue()))
                    .build());
            extraKeys.addAll(entry.extras().keySet());
        }
        extraKeys.forEach(k -> lost.add("the classes' " + k));
        return JsonArray.of(result);
    }

    /** How each format is saved, in the terms of mlm:artifact_type's examples. */
    static String artifactType(ModelFormat format) {
        return switch (format) {
            case ONNX -> "onnx";
            case TENSORFLOW_SAVED_MODEL -> "tf.saved_model.save";
            case TENSORFLOW_GRAPH_DEF -> "tf.io.write_graph";
            case CNTK_V2 -> "cntk.Function.save";
            case KERAS_HDF5 -> "tf.keras.Model.save";
            case KERAS_V3 -> "keras.Model.save";
            case TFLITE -> "tf.lite.TFLiteConverter";
            case TORCHSCRIPT -> "torch.jit.save";
        };
    }

    static String mediaType(ModelFormat format) {
        return switch (format) {
            case ONNX -> "application/octet-stream; application=onnx";
            case KERAS_HDF5 -> "application/x-hdf5";
            case KERAS_V3, TORCHSCRIPT -> "application/zip";
            default -> "application/octet-stream";
        };
    }

    static Map<String, ModelFormat> formatsByArtifactType() {
        Map<String, ModelFormat> byType = new java.util.HashMap<>();
        for (ModelFormat format : ModelFormat.values()) {
            byType.put(artifactType(format), format);
        }
        return byType;
    }
}
