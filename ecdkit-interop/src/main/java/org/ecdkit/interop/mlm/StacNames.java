package org.ecdkit.interop.mlm;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names as STAC's patterns allow them: class names {@code ^[0-9A-Za-z-_]+$} (the classification
 * extension from v2; v1.1.0, which MLM 1.5.2 references, has no pattern, but items outlive schema
 * versions) and model names {@code ^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$} (mlm:name).
 */
final class StacNames {

    private StacNames() {
    }

    /** "Other (Pervious)" becomes "Other_Pervious"; a name with nothing left becomes "class_VALUE". */
    static String className(String name, long value) {
        String cleaned = name.strip().replaceAll("[^0-9A-Za-z_-]+", "_").replaceAll("^_+|_+$", "");
        return cleaned.isEmpty() ? "class_" + value : cleaned;
    }

    /** Class names for every class, made unique by appending the value where two would collide. */
    static List<String> classNames(List<String> names, List<Long> values) {
        Set<String> taken = new HashSet<>();
        List<String> result = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = className(names.get(i), values.get(i));
            if (!taken.add(name)) {
                name = name + "_" + values.get(i);
                taken.add(name);
            }
            result.add(name);
        }
        return result;
    }

    /** A valid mlm:name: letters first, letters or digits last, at least three characters. */
    static String modelName(String name) {
        String cleaned = name.replaceAll("[^a-zA-Z0-9_.\\-\\s]+", "-")
                .replaceAll("^[^a-zA-Z]+", "")
                .replaceAll("[^a-zA-Z0-9]+$", "");
        return cleaned.length() < 3 ? "model" + (cleaned.isEmpty() ? "" : "-" + cleaned) : cleaned;
    }

    /** An item id: the model name with spaces as dashes. */
    static String itemId(String modelName) {
        return modelName.replaceAll("\\s+", "-");
    }

    static boolean allDistinct(Collection<String> names) {
        return new HashSet<>(names).size() == names.size();
    }
}
