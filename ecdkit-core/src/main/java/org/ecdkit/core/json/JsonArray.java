package org.ecdkit.core.json;

import java.util.List;

/** A JSON array. */
public record JsonArray(List<JsonValue> elements, TextPosition position) implements JsonValue {

    public JsonArray {
        elements = List.copyOf(elements);
    }

    public static JsonArray of(List<? extends JsonValue> elements) {
        return new JsonArray(List.copyOf(elements), TextPosition.NONE);
    }

    public static JsonArray ofLongs(long... values) {
        return of(java.util.Arrays.stream(values).mapToObj(JsonNumber::of).toList());
    }

    public static JsonArray ofStrings(List<String> values) {
        return of(values.stream().map(JsonString::of).toList());
    }

    public int size() {
        return elements.size();
    }

    @Override
    public String describe() {
        return "an array of " + elements.size();
    }

    /** Equal when the elements are equal, wherever either was read. */
    @Override
    public boolean equals(Object other) {
        return other instanceof JsonArray that && elements.equals(that.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
