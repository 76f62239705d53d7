package org.ecdkit.core.json;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes a {@link JsonValue} as indented UTF-8 JSON text, deterministically (members in
 * insertion order), so two conversions of the same inputs give byte-identical files. Arrays of
 * scalars, and small objects of scalars, stay on one line ({@code "Shape": [1, 4, 256, 256]}, a
 * class entry) because that is how people read them.
 */
public final class JsonWriter {

    private static final String INDENT = "  ";
    /** The widest a flat object may be written on one line. */
    private static final int LINE = 100;

    private JsonWriter() {
    }

    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        out.append('\n');
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out, int depth) {
        if (value instanceof JsonObject object) {
            writeObject(object, out, depth);
        } else if (value instanceof JsonArray array) {
            writeArray(array, out, depth);
        } else if (value instanceof JsonString string) {
            quote(string.value(), out);
        } else if (value instanceof JsonNumber number) {
            out.append(number.integerLiteral() ? number.value().toBigIntegerExact().toString() : number.value().toString());
        } else if (value instanceof JsonBoolean bool) {
            out.append(bool.value());
        } else {
            out.append("null");
        }
    }

    private static void writeObject(JsonObject object, StringBuilder out, int depth) {
        if (object.members().isEmpty()) {
            out.append("{}");
            return;
        }
        if (object.members().values().stream().allMatch(JsonWriter::isScalar)) {
            String flat = flatObject(object);
            if (flat.length() + INDENT.length() * depth <= LINE) {
                out.append(flat);
                return;
            }
        }
        out.append("{\n");
        Iterator<Map.Entry<String, JsonValue>> members = object.members().entrySet().iterator();
        while (members.hasNext()) {
            Map.Entry<String, JsonValue> member = members.next();
            out.append(INDENT.repeat(depth + 1));
            quote(member.getKey(), out);
            out.append(": ");
            write(member.getValue(), out, depth + 1);
            out.append(members.hasNext() ? ",\n" : "\n");
        }
        out.append(INDENT.repeat(depth)).append('}');
    }

    private static void writeArray(JsonArray array, StringBuilder out, int depth) {
        if (array.elements().isEmpty()) {
            out.append("[]");
            return;
        }
        boolean scalars = array.elements().stream().allMatch(JsonWriter::isScalar);
        if (scalars) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(array.elements().get(i), out, depth);
            }
            out.append(']');
            return;
        }
        out.append("[\n");
        for (int i = 0; i < array.size(); i++) {
            out.append(INDENT.repeat(depth + 1));
            write(array.elements().get(i), out, depth + 1);
            out.append(i + 1 < array.size() ? ",\n" : "\n");
        }
        out.append(INDENT.repeat(depth)).append(']');
    }

    private static boolean isScalar(JsonValue value) {
        return !(value instanceof JsonObject || value instanceof JsonArray);
    }

    private static String flatObject(JsonObject object) {
        StringBuilder flat = new StringBuilder("{");
        Iterator<Map.Entry<String, JsonValue>> members = object.members().entrySet().iterator();
        while (members.hasNext()) {
            Map.Entry<String, JsonValue> member = members.next();
            quote(member.getKey(), flat);
            flat.append(": ");
            write(member.getValue(), flat, 0);
            if (members.hasNext()) {
                flat.append(", ");
            }
        }
        return flat.append('}').toString();
    }

    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
