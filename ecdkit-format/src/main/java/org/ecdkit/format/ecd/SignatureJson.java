package org.ecdkit.format.ecd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonNull;
import org.ecdkit.core.json.JsonNumber;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.ShapeSource;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;

/**
 * A {@link ModelSignature} as JSON, inside definitions. Shapes list fixed sizes as numbers,
 * symbolic sizes as strings and unknown sizes as {@code null}; a shape of unknown rank is
 * {@code null}.
 */
public final class SignatureJson {

    private SignatureJson() {
    }

    public static JsonObject write(ModelSignature signature) {
        JsonObject.Builder out = JsonObject.builder()
                .put("FormatVersion", signature.formatVersion())
                .put("Producer", signature.producer())
                .put("Inputs", tensors(signature.inputs()))
                .put("Outputs", tensors(signature.outputs()));
        if (!signature.properties().isEmpty()) {
            JsonObject.Builder properties = JsonObject.builder();
            signature.properties().forEach(properties::put);
            out.put("Properties", properties.build());
        }
        if (!signature.notes().isEmpty()) {
            out.put("Notes", JsonArray.ofStrings(signature.notes()));
        }
        return out.build();
    }

    private static JsonArray tensors(List<TensorSpec> tensors) {
        List<JsonValue> result = new ArrayList<>();
        for (TensorSpec tensor : tensors) {
            JsonObject.Builder out = JsonObject.builder()
                    .put("Name", tensor.name())
                    .put("ElementType", tensor.type().label())
                    .put("Shape", shape(tensor.shape()));
            if (tensor.layout().layout() != Layout.UNKNOWN) {
                out.put("Layout", tensor.layout().layout().name())
                        .put("LayoutConfidence", tensor.layout().confidence().label())
                        .put("LayoutReason", tensor.layout().reason());
            }
            out.put("ShapeSource", tensor.source().label());
            result.add(out.build());
        }
        return JsonArray.of(result);
    }

    private static JsonValue shape(Shape shape) {
        if (!shape.rankKnown()) {
            return JsonNull.INSTANCE;
        }
        List<JsonValue> dims = new ArrayList<>();
        for (Dim dim : shape.dims()) {
            if (dim instanceof Dim.Fixed fixed) {
                dims.add(JsonNumber.of(fixed.size()));
            } else if (dim instanceof Dim.Symbolic symbolic) {
                dims.add(JsonString.of(symbolic.name()));
            } else {
                dims.add(JsonNull.INSTANCE);
            }
        }
        return JsonArray.of(dims);
    }

    public static ModelSignature read(JsonCursor object, ModelFormat format) {
        String version = object.find("FormatVersion").map(JsonCursor::asString).orElse("");
        String producer = object.find("Producer").map(JsonCursor::asString).orElse("");
        List<TensorSpec> inputs = readTensors(object.find("Inputs"));
        List<TensorSpec> outputs = readTensors(object.find("Outputs"));
        Map<String, String> properties = new LinkedHashMap<>();
        object.find("Properties").ifPresent(p -> p.keys().forEach(k -> properties.put(k, p.get(k).asString())));
        List<String> notes = object.find("Notes").map(n -> n.elements().stream().map(JsonCursor::asString).toList())
                .orElse(List.of());
        return new ModelSignature(format, version, producer, inputs, outputs, properties, notes);
    }

    private static List<TensorSpec> readTensors(java.util.Optional<JsonCursor> array) {
        if (array.isEmpty()) {
            return List.of();
        }
        List<TensorSpec> result = new ArrayList<>();
        for (JsonCursor tensor : array.get().elements()) {
            String name = tensor.get("Name").asString();
            JsonCursor typeField = tensor.get("ElementType");
            ElementType type = ElementType.byLabel(typeField.asString())
                    .orElseThrow(() -> typeField.invalid("an element type such as float32"));
            Shape shape = readShape(tensor.get("Shape"));
            TensorLayout layout = TensorLayout.UNKNOWN;
            if (tensor.has("Layout")) {
                JsonCursor layoutField = tensor.get("Layout");
                Layout axes = enumValue(layoutField, Layout.class);
                Confidence confidence = tensor.find("LayoutConfidence")
                        .map(c -> enumValue(c, Confidence.class)).orElse(Confidence.DECLARED);
                String reason = tensor.find("LayoutReason").map(JsonCursor::asString).orElse("");
                layout = new TensorLayout(axes, confidence, reason);
            }
            ShapeSource source = tensor.find("ShapeSource").map(c -> enumValue(c, ShapeSource.class)).orElse(ShapeSource.READ);
            result.add(new TensorSpec(name, type, shape, layout, source));
        }
        return result;
    }

    private static Shape readShape(JsonCursor field) {
        if (field.isNull()) {
            return Shape.unknownRank();
        }
        List<Dim> dims = new ArrayList<>();
        for (JsonCursor dim : field.elements(0, 64)) {
            if (dim.isNull()) {
                dims.add(Dim.unknown());
            } else if (dim.isString()) {
                dims.add(Dim.symbolic(dim.asString()));
            } else {
                dims.add(Dim.of(dim.asLong(0, Long.MAX_VALUE)));
            }
        }
        return Shape.of(dims);
    }

    private static <E extends Enum<E>> E enumValue(JsonCursor field, Class<E> type) {
        String text = field.asString();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw field.invalid("one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
    }
}
