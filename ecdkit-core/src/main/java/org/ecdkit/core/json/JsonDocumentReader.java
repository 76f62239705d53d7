package org.ecdkit.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.report.Finding;

/**
 * Reads a JSON file into a tree of located values, strictly: one value per file, UTF-8 only, no
 * NaN or comments, no duplicate keys, and within {@link JsonLimits}. Every failure is an
 * {@link InvalidInputException} whose message names the file, line and column.
 *
 * <p>A UTF-8 byte-order mark is accepted with a warning: Windows tools write one, and RFC 8259
 * lets parsers ignore it. UTF-16 and UTF-32 files are refused, since JSON exchanged between
 * systems must be UTF-8.
 */
public final class JsonDocumentReader {

    private final JsonLimits limits;
    private final JsonFactory factory;

    public JsonDocumentReader(JsonLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .build())
                .build();
    }

    public static JsonDocument read(Path file) {
        return new JsonDocumentReader(JsonLimits.DEFAULT).readFile(file);
    }

    public JsonDocument readFile(Path file) {
        byte[] bytes = readBounded(file);
        return parse(file, bytes);
    }

    /** Parses bytes that came from {@code file} (used for entries read out of archives too). */
    public JsonDocument parse(Path file, byte[] bytes) {
        List<Finding> findings = new ArrayList<>();
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
            findings.add(Finding.warning("byte-order-mark",
                    file + ": starts with a UTF-8 byte-order mark; ignored (JSON files should not have one)"));
        } else {
            refuseBinary(file, bytes);
            refuseWideEncodings(file, bytes);
        }
        String text = decodeUtf8(file, bytes, start);
        if (text.isBlank()) {
            throw new InvalidInputException(Place.of(file), "the file is empty; expected a JSON value");
        }
        try (JsonParser parser = factory.createParser(text)) {
            Builder builder = new Builder(file, parser);
            JsonValue root;
            try {
                root = builder.value(parser.nextToken(), 0);
            } catch (StreamConstraintsException e) {
                // Jackson gives no location for a constraint; the parser's position is where it stopped.
                throw new InvalidInputException(place(file, parser.currentLocation()), "exceeds a limit: "
                        + plain(e.getOriginalMessage()), e);
            }
            JsonToken after;
            try {
                after = parser.nextToken();
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(place(file, parser.currentTokenLocation()),
                        "unexpected content after the end of the JSON value", e);
            }
            if (after != null) {
                throw new InvalidInputException(place(file, parser.currentTokenLocation()),
                        "unexpected content after the end of the JSON value (a file holds exactly one value)");
            }
            return new JsonDocument(file, root, findings);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(place(file, e.getLocation()), "not valid JSON: " + plain(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private byte[] readBounded(Path file) {
        org.ecdkit.core.io.FileKind.requireRegularFile(file, "JSON");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(limits.maxBytes() + 1, Integer.MAX_VALUE - 8));
            refuseBinary(file, bytes);
            if (bytes.length > limits.maxBytes()) {
                throw new InvalidInputException(Place.of(file), "the file is larger than "
                        + (limits.maxBytes() >> 20) + " MiB, the most accepted for this kind of file");
            }
            return bytes;
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private static void refuseBinary(Path file, byte[] bytes) {
        org.ecdkit.core.io.FileSignature.kindOf(bytes).ifPresent(kind -> {
            throw new InvalidInputException(Place.of(file), "this is " + kind + ", not JSON text; check the order of the arguments");
        });
    }

    private static void refuseWideEncodings(Path file, byte[] b) {
        boolean utf16Bom = b.length >= 2 && ((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF
                || (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE);
        // Without a mark, UTF-16 text of ASCII JSON shows as every other byte being zero.
        boolean zeroes = b.length >= 4 && (b[0] == 0 || b[1] == 0) && (b[2] == 0 || b[3] == 0);
        if (utf16Bom || zeroes) {
            throw new InvalidInputException(Place.of(file),
                    "the file is UTF-16 or UTF-32 encoded; save it as UTF-8 (JSON files must be UTF-8)");
        }
    }

    private static String decodeUtf8(Path file, byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(Place.at(file, buffer.position(), ""),
                    "not valid UTF-8 text (JSON files must be UTF-8)", e);
        }
    }

    private static Place place(Path file, JsonLocation location) {
        if (location == null) {
            return Place.of(file);
        }
        return Place.json(file, Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0), "");
    }

    /** Jackson's messages name its own API ("enable `JsonReadFeature...`"); users need the fact only. */
    static String plain(String message) {
        if (message == null) {
            return "malformed";
        }
        String text = message.replaceAll("\\s+", " ").trim()
                .replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source: [^\\]]*\\]", "");
        int hint = text.indexOf(": enable `");
        if (hint < 0) {
            hint = text.indexOf(" (use `");
        }
        if (hint < 0) {
            hint = text.indexOf(", from `"); // constraint messages name the Jackson setting
        }
        if (hint >= 0) {
            text = text.substring(0, hint);
        }
        if (text.startsWith("Non-standard token")) {
            text = text + " (JSON has no NaN or Infinity)";
        }
        return text;
    }

    /** Builds the located tree from the token stream. */
    private final class Builder {
        private final Path file;
        private final JsonParser parser;
        private int values;

        Builder(Path file, JsonParser parser) {
            this.file = file;
            this.parser = parser;
        }

        JsonValue value(JsonToken token, int depth) throws IOException {
            if (token == null) {
                throw new InvalidInputException(Place.of(file), "the file ends before any JSON value");
            }
            if (++values > limits.maxValues()) {
                throw new InvalidInputException(position(), "holds more than " + limits.maxValues() + " values");
            }
            TextPosition at = textPosition(parser.currentTokenLocation());
            switch (token) {
                case START_OBJECT:
                    return object(at, depth + 1);
                case START_ARRAY:
                    return array(at, depth + 1);
                case VALUE_STRING:
                    return new JsonString(parser.getText(), at);
                case VALUE_NUMBER_INT:
                    return new JsonNumber(decimal(at), true, at);
                case VALUE_NUMBER_FLOAT:
                    return new JsonNumber(decimal(at), false, at);
                case VALUE_TRUE:
                    return new JsonBoolean(true, at);
                case VALUE_FALSE:
                    return new JsonBoolean(false, at);
                case VALUE_NULL:
                    return new JsonNull(at);
                default:
                    throw new InvalidInputException(position(), "unexpected " + token);
            }
        }

        /** The literal exactly; an exponent past what BigDecimal holds (over 2^31) is out of any range here. */
        private java.math.BigDecimal decimal(TextPosition at) throws IOException {
            try {
                return new java.math.BigDecimal(parser.getText());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(position(), "the number " + abbreviated(parser.getText())
                        + " has an exponent too large for any value", e);
            }
        }

        private static String abbreviated(String literal) {
            return literal.length() <= 40 ? literal : literal.substring(0, 37) + "...";
        }

        private JsonObject object(TextPosition at, int depth) throws IOException {
            Map<String, JsonValue> members = new LinkedHashMap<>();
            Map<String, TextPosition> keys = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                TextPosition keyAt = textPosition(parser.currentTokenLocation());
                if (members.containsKey(key)) {
                    TextPosition first = keys.get(key);
                    throw new InvalidInputException(Place.json(file, keyAt.line(), keyAt.column(), ""),
                            "duplicate key \"" + key + "\" (first at line " + first.line() + ", column " + first.column() + ")");
                }
                keys.put(key, keyAt);
                members.put(key, value(parser.nextToken(), depth));
            }
            if (token != JsonToken.END_OBJECT) {
                throw new InvalidInputException(position(), "the file ends inside an object (truncated?)");
            }
            return new JsonObject(members, keys, at);
        }

        private JsonArray array(TextPosition at, int depth) throws IOException {
            List<JsonValue> elements = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new InvalidInputException(position(), "the file ends inside an array (truncated?)");
                }
                elements.add(value(token, depth));
            }
            return new JsonArray(elements, at);
        }

        private Place position() {
            return place(file, parser.currentTokenLocation());
        }
    }

    private static TextPosition textPosition(JsonLocation location) {
        return new TextPosition(location.getLineNr(), location.getColumnNr());
    }
}
