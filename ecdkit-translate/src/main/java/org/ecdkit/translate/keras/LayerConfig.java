package org.ecdkit.translate.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.model.keras.KerasLayer;

/** A layer's config options as a translation reads them, every problem naming the file and the layer. */
final class LayerConfig {

    private final Path file;
    private final KerasLayer layer;

    LayerConfig(Path file, KerasLayer layer) {
        this.file = file;
        this.layer = layer;
    }

    KerasLayer layer() {
        return layer;
    }

    String name() {
        return layer.name();
    }

    Place place() {
        return Place.in(file, "layer " + Printable.quoted(layer.name()));
    }

    UnsupportedInputException unsupported(String what) {
        return new UnsupportedInputException(place(), layer.className() + " " + what);
    }

    Optional<JsonCursor> option(String key) {
        return layer.option(key).filter(v -> !v.isNull());
    }

    String text(String key, String otherwise) {
        return layer.text(key).orElse(otherwise);
    }

    boolean flag(String key, boolean otherwise) {
        return option(key).map(JsonCursor::asBoolean).orElse(otherwise);
    }

    double number(String key, double otherwise) {
        return option(key).map(JsonCursor::asDouble).orElse(otherwise);
    }

    /** An int or a list of {@code count} ints ("kernel_size": 3 or [3, 3]). */
    long[] ints(String key, int count, long otherwise) {
        Optional<JsonCursor> value = option(key);
        long[] result = new long[count];
        if (value.isEmpty()) {
            java.util.Arrays.fill(result, otherwise);
            return result;
        }
        if (value.get().isNumber()) {
            java.util.Arrays.fill(result, value.get().asLong(0, Integer.MAX_VALUE));
            return result;
        }
        List<JsonCursor> elements = value.get().elements(count, count);
        for (int i = 0; i < count; i++) {
            result[i] = elements.get(i).asLong(0, Integer.MAX_VALUE);
        }
        return result;
    }

    /** A list of ints of any length ("target_shape", "dims"), -1 allowed. */
    long[] intList(String key) {
        List<Long> values = new ArrayList<>();
        for (JsonCursor element : option(key).orElseThrow(() -> unsupported("without its \"" + key + "\"")).elements(0, 64)) {
            values.add(element.asLong(-1, Integer.MAX_VALUE));
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** An axis: an int, or a one-element list (Keras 3 writes [-1] for some layers). */
    int axis(String key, int otherwise) {
        Optional<JsonCursor> value = option(key);
        if (value.isEmpty()) {
            return otherwise;
        }
        if (value.get().isArray()) {
            List<JsonCursor> elements = value.get().elements();
            if (elements.size() != 1) {
                throw unsupported("over " + elements.size() + " axes; ecdkit translates one axis");
            }
            return elements.get(0).asInt(-64, 64);
        }
        return value.get().asInt(-64, 64);
    }

    /** One or more numbers: a scalar, or a list of per-channel values. */
    float[] numbers(String key) {
        JsonCursor value = option(key).orElseThrow(() -> unsupported("without its \"" + key + "\""));
        if (value.isNumber()) {
            return new float[] {(float) value.asDouble()};
        }
        List<JsonCursor> elements = value.elements(1, 1 << 20);
        float[] result = new float[elements.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = (float) elements.get(i).asDouble();
        }
        return result;
    }
}
