package org.ecdkit.format.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.report.Finding;

/**
 * Reads and writes a {@code Classes} list in the form shared by the class-info file and Esri's
 * model definition: {@code {"Value": 100, "Name": "Impervious", "Color": [204, 204, 204]}}.
 */
public final class ClassListJson {

    /** The most classes a file may declare: every value of a 16-bit palette raster. */
    public static final int MAX_CLASSES = 65_536;
    /** The longest class name accepted. */
    public static final int MAX_NAME_LENGTH = 1024;

    private static final Set<String> KNOWN = Set.of("Value", "Name", "Color");

    private ClassListJson() {
    }

    /** Reads the array at {@code classes}; duplicate values or names are errors, unknown keys warnings. */
    public static List<ClassEntry> read(JsonCursor classes, List<Finding> findings) {
        List<JsonCursor> elements = classes.elements(1, MAX_CLASSES);
        List<ClassEntry> result = new ArrayList<>(elements.size());
        Map<Long, Integer> byValue = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byLooseName = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonCursor entry = elements.get(i);
            entry.asObject();
            JsonCursor valueField = entry.get("Value");
            long value = valueField.asLong(0, ClassEntry.MAX_VALUE);
            JsonCursor nameField = entry.get("Name");
            String name = nameField.asString();
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw nameField.invalid("a name of 1 to " + MAX_NAME_LENGTH + " characters");
            }
            if (!org.ecdkit.core.error.Printable.escaped(name).equals(name)) {
                findings.add(Finding.warning("control-characters", nameField.place() + ": the name "
                        + org.ecdkit.core.error.Printable.quoted(name) + " holds control characters (terminal escapes, NUL, "
                        + "line breaks); it is kept in the definition, and shown escaped"));
            }
            Integer sameValue = byValue.putIfAbsent(value, i);
            if (sameValue != null) {
                throw valueField.problem(value + " is already the value of " + classes.path() + "[" + sameValue
                        + "] (\"" + result.get(sameValue).name() + "\"); class values must be unique");
            }
            Integer sameName = byName.putIfAbsent(name, i);
            if (sameName != null) {
                throw nameField.problem("\"" + name + "\" is already the name of " + classes.path() + "[" + sameName
                        + "]; class names must be unique");
            }
            String loose = name.strip().toLowerCase(Locale.ROOT);
            Integer similar = byLooseName.putIfAbsent(loose, i);
            if (similar != null) {
                findings.add(Finding.warning("similar-class-names", nameField.place() + ": \"" + name
                        + "\" differs from \"" + result.get(similar).name() + "\" (" + classes.path() + "[" + similar
                        + "]) only in case or surrounding spaces"));
            }
            Rgb color;
            if (entry.has("Color")) {
                color = readColor(entry.get("Color"));
            } else {
                color = DefaultColors.forIndex(i);
                findings.add(Finding.warning("default-color", entry.place() + ": no \"Color\"; using " + color));
            }
            Map<String, JsonValue> extras = new LinkedHashMap<>();
            for (String key : entry.keys()) {
                if (!KNOWN.contains(key)) {
                    extras.put(key, entry.asObject().members().get(key));
                    findings.add(UnknownKeys.finding(entry.keyPlace(key), key, KNOWN));
                }
            }
            result.add(new ClassEntry(value, name, color, extras));
        }
        return result;
    }

    public static Rgb readColor(JsonCursor color) {
        List<JsonCursor> channels = color.elements(3, 3);
        return new Rgb(channels.get(0).asInt(0, 255), channels.get(1).asInt(0, 255), channels.get(2).asInt(0, 255));
    }

    public static JsonArray write(List<ClassEntry> classes) {
        List<JsonValue> entries = new ArrayList<>();
        for (ClassEntry entry : classes) {
            entries.add(JsonObject.builder()
                    .put("Value", entry.value())
                    .put("Name", entry.name())
                    .put("Color", JsonArray.ofLongs(entry.color().red(), entry.color().green(), entry.color().blue()))
                    .putAll(entry.extras())
                    .build());
        }
        return JsonArray.of(entries);
    }
}
