package org.ecdkit.core.json;

/** A JSON string. */
public record JsonString(String value, TextPosition position) implements JsonValue {

    public static JsonString of(String value) {
        return new JsonString(value, TextPosition.NONE);
    }

    @Override
    public String describe() {
        String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
        return "the string \"" + shown + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonString that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
