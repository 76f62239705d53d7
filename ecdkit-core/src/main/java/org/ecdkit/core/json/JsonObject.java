package org.ecdkit.core.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object with its members in file order.
 *
 * @param members      the members, in the order they were read or added
 * @param keyPositions where each key was read (empty for objects built in memory)
 * @param position     where the opening brace was read
 */
public record JsonObject(Map<String, JsonValue> members, Map<String, TextPosition> keyPositions,
        TextPosition position) implements JsonValue {

    public JsonObject {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        keyPositions = Collections.unmodifiableMap(new LinkedHashMap<>(keyPositions));
    }

    public Optional<JsonValue> get(String key) {
        return Optional.ofNullable(members.get(key));
    }

    public TextPosition keyPosition(String key) {
        return keyPositions.getOrDefault(key, position);
    }

    @Override
    public String describe() {
        return "an object";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an object in memory, in insertion order; {@code null} values are skipped. */
    public static final class Builder {
        private final Map<String, JsonValue> members = new LinkedHashMap<>();

        public Builder put(String key, JsonValue value) {
            if (value != null) {
                members.put(key, value);
            }
            return this;
        }

        public Builder put(String key, String value) {
            return value == null ? this : put(key, new JsonString(value, TextPosition.NONE));
        }

        public Builder put(String key, long value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, double value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, new JsonBoolean(value, TextPosition.NONE));
        }

        public Builder putAll(Map<String, JsonValue> more) {
            more.forEach(this::put);
            return this;
        }

        public boolean contains(String key) {
            return members.containsKey(key);
        }

        public JsonObject build() {
            return new JsonObject(members, Map.of(), TextPosition.NONE);
        }
    }

    /** Equal when the members are equal, wherever either was read. */
    @Override
    public boolean equals(Object other) {
        return other instanceof JsonObject that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }
}
