package org.ecdkit.format.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.ecdkit.core.json.JsonValue;

/**
 * One class of a classifier. Its position in the list is the model's output channel (class index i
 * writes {@code value} into the classified raster).
 *
 * @param value  the pixel value written for this class (any integer an unsigned output can hold)
 * @param name   the label, verbatim (leading and trailing spaces are part of it)
 * @param color  the display colour
 * @param extras keys this class carried that ecdkit does not interpret (per-class statistics of
 *               ArcGIS's statistical classifiers, a user's own keys), kept verbatim
 */
public record ClassEntry(long value, String name, Rgb color, Map<String, JsonValue> extras) {

    /** The largest class value: an unsigned 32-bit raster is the widest ecdkit writes. */
    public static final long MAX_VALUE = 0xFFFF_FFFFL;

    public ClassEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(color, "color");
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("class value out of 0.." + MAX_VALUE + ": " + value);
        }
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public ClassEntry(long value, String name, Rgb color) {
        this(value, name, color, Map.of());
    }
}
