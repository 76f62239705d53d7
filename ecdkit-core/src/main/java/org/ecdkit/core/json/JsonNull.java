package org.ecdkit.core.json;

/** A JSON {@code null}. */
public record JsonNull(TextPosition position) implements JsonValue {

    public static final JsonNull INSTANCE = new JsonNull(TextPosition.NONE);

    @Override
    public String describe() {
        return "null";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonNull;
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
