package org.ecdkit.core.json;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;

/**
 * A value in a parsed JSON file together with its path from the root ({@code Classes[1].Color[2]}),
 * so that typed access fails with one line naming the file, line, column, path and expectation:
 * {@code classes.json:3:41: Classes[1].Color[2]: expected an integer from 0 to 255, found 300}.
 */
public final class JsonCursor {

    private final Path file;
    private final String path;
    private final JsonValue value;

    private JsonCursor(Path file, String path, JsonValue value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    public static JsonCursor root(Path file, JsonValue value) {
        return new JsonCursor(file, "", value);
    }

    public JsonValue value() {
        return value;
    }

    public Path file() {
        return file;
    }

    /** The JSON path of this value; empty at the root. */
    public String path() {
        return path;
    }

    public Place place() {
        TextPosition at = value.position();
        return Place.json(file, at.line(), at.column(), path.isEmpty() ? "top level" : path);
    }

    public boolean isObject() {
        return value instanceof JsonObject;
    }

    public boolean isArray() {
        return value instanceof JsonArray;
    }

    public boolean isString() {
        return value instanceof JsonString;
    }

    public boolean isNumber() {
        return value instanceof JsonNumber;
    }

    public boolean isNull() {
        return value instanceof JsonNull;
    }

    public JsonObject asObject() {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw invalid("an object");
    }

    /** The member {@code key}, which must exist. */
    public JsonCursor get(String key) {
        JsonObject object = asObject();
        JsonValue member = object.members().get(key);
        if (member == null) {
            throw problem("missing key \"" + key + "\"");
        }
        return new JsonCursor(file, child(key), member);
    }

    /** The member {@code key}, if present and not {@code null}. */
    public Optional<JsonCursor> find(String key) {
        JsonValue member = asObject().members().get(key);
        if (member == null || member instanceof JsonNull) {
            return Optional.empty();
        }
        return Optional.of(new JsonCursor(file, child(key), member));
    }

    public boolean has(String key) {
        return find(key).isPresent();
    }

    /** The keys of this object, in file order. */
    public List<String> keys() {
        return List.copyOf(asObject().members().keySet());
    }

    /** Where each member's value was read, by key in file order: for messages about a key found later. */
    public Map<String, Place> memberPlaces() {
        Map<String, Place> places = new LinkedHashMap<>();
        for (String key : keys()) {
            places.put(key, get(key).place());
        }
        return places;
    }

    /** A cursor on the key itself (its position), for messages about a key rather than its value. */
    public Place keyPlace(String key) {
        TextPosition at = asObject().keyPosition(key);
        return Place.json(file, at.line(), at.column(), child(key));
    }

    public List<JsonCursor> elements() {
        if (!(value instanceof JsonArray array)) {
            throw invalid("an array");
        }
        List<JsonCursor> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            result.add(new JsonCursor(file, path + "[" + i + "]", array.elements().get(i)));
        }
        return result;
    }

    /** The elements of an array whose length must lie in [min, max]. */
    public List<JsonCursor> elements(int min, int max) {
        List<JsonCursor> result = elements();
        if (result.size() < min || result.size() > max) {
            String expected = min == max ? "an array of " + min
                    : max == Integer.MAX_VALUE ? "an array of at least " + min
                    : "an array of " + min + " to " + max;
            throw invalid(expected);
        }
        return result;
    }

    public String asString() {
        if (value instanceof JsonString string) {
            return string.value();
        }
        throw invalid("a string");
    }

    /**
     * This string as a file path: not blank, and free of NUL and other control characters, which no
     * path a user means holds and which the file system API refuses with an exception of its own.
     */
    public String asPath() {
        String text = asString();
        if (text.isBlank()) {
            throw invalid("a path");
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw invalid("a path without control characters (it holds " + org.ecdkit.core.error.Printable.quoted(text) + ")");
        }
        return text;
    }

    public boolean asBoolean() {
        if (value instanceof JsonBoolean bool) {
            return bool.value();
        }
        throw invalid("true or false");
    }

    /** An integer literal in [min, max]; a fraction or exponent is refused rather than rounded. */
    public long asLong(long min, long max) {
        if (value instanceof JsonNumber number && number.integerLiteral() && number.isBetween(min, max)) {
            return number.value().longValueExact();
        }
        throw invalid(integerRange(min, max));
    }

    public int asInt(int min, int max) {
        return (int) asLong(min, max);
    }

    /** A finite number (integer or not) that fits a double. */
    public double asDouble() {
        if (value instanceof JsonNumber number) {
            BigDecimal exact = number.value();
            if (exact.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) <= 0) {
                return exact.doubleValue();
            }
        }
        throw invalid("a finite number");
    }

    public InvalidInputException invalid(String expected) {
        return problem("expected " + expected + ", found " + value.describe());
    }

    public InvalidInputException problem(String message) {
        return new InvalidInputException(place(), message);
    }

    private String child(String key) {
        boolean plain = key.matches("[A-Za-z_][A-Za-z0-9_]*");
        String segment = plain ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        if (path.isEmpty()) {
            return segment;
        }
        return plain ? path + "." + segment : path + segment;
    }

    private static String integerRange(long min, long max) {
        if (max == Long.MAX_VALUE) {
            return min == 0 ? "a non-negative integer" : min == 1 ? "a positive integer" : "an integer of at least " + min;
        }
        return "an integer from " + min + " to " + max;
    }

    @Override
    public String toString() {
        return place().toString();
    }
}
