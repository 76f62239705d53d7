package org.ecdkit.model.keras;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.json.JsonCursor;

/**
 * One layer of a Keras model config: its class, its own config, and the layers that feed it.
 *
 * @param name      the layer's name (the key other layers refer to it by)
 * @param className "Conv2D", "Dense", "InputLayer", or a model class for a nested model
 * @param config    the layer's "config" object
 * @param inbound   names of the layers feeding its first call, in argument order
 * @param json      the whole layer entry, for the parts Keras 3 keeps beside the config
 */
public record KerasLayer(String name, String className, JsonCursor config, List<String> inbound, JsonCursor json) {

    static KerasLayer of(JsonCursor layer) {
        String className = layer.get("class_name").asString();
        JsonCursor config = layer.find("config").orElse(layer);
        String name = layer.find("name").or(() -> config.isObject() ? config.find("name") : Optional.empty())
                .map(JsonCursor::asString).orElse("");
        return new KerasLayer(name, className, config, inboundOf(layer), layer);
    }

    /** How many times the model calls this layer: more than once for a layer shared between branches. */
    public int callCount() {
        return json.find("inbound_nodes").filter(JsonCursor::isArray).map(n -> n.elements().size()).orElse(0);
    }

    /** Whether this layer is itself a model (a functional or sequential model used as a layer). */
    public boolean isModel() {
        return KerasModelConfig.MODEL_CLASSES.contains(className);
    }

    /** An option of the layer's config, when present and a string ("activation", "data_format"). */
    public Optional<String> text(String key) {
        return config.isObject() ? config.find(key).filter(JsonCursor::isString).map(JsonCursor::asString) : Optional.empty();
    }

    public Optional<JsonCursor> option(String key) {
        return config.isObject() ? config.find(key) : Optional.empty();
    }

    /**
     * The first call's inputs. Keras 2 writes {@code [[["conv", 0, 0, {}], ...]]}; Keras 3 writes
     * {@code [{"args": [tensor or [tensors]], "kwargs": {}}]} where each tensor's config has
     * {@code "keras_history": ["conv", 0, 0]}.
     */
    private static List<String> inboundOf(JsonCursor layer) {
        List<String> names = new ArrayList<>();
        Optional<JsonCursor> nodes = layer.find("inbound_nodes").filter(JsonCursor::isArray);
        if (nodes.isEmpty() || nodes.get().elements().isEmpty()) {
            return names;
        }
        JsonCursor first = nodes.get().elements().get(0);
        if (first.isArray()) {
            for (JsonCursor call : first.elements()) {
                if (call.isArray() && !call.elements().isEmpty() && call.elements().get(0).isString()) {
                    names.add(call.elements().get(0).asString());
                }
            }
        } else if (first.isObject()) {
            first.find("args").ifPresent(args -> collectHistory(args, names, 0));
        }
        return names;
    }

    private static void collectHistory(JsonCursor value, List<String> names, int depth) {
        if (depth > 4) {
            return;
        }
        if (value.isArray()) {
            value.elements().forEach(e -> collectHistory(e, names, depth + 1));
        } else if (value.isObject()) {
            value.find("config").filter(JsonCursor::isObject).flatMap(c -> c.find("keras_history"))
                    .filter(h -> h.isArray() && !h.elements().isEmpty() && h.elements().get(0).isString())
                    .ifPresent(h -> names.add(h.elements().get(0).asString()));
        }
    }
}
