package org.ecdkit.core.json;

/** A JSON {@code true} or {@code false}. */
public record JsonBoolean(boolean value, TextPosition position) implements JsonValue {

    @Override
    public String describe() {
        return Boolean.toString(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonBoolean that && value == that.value;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(value);
    }
}
