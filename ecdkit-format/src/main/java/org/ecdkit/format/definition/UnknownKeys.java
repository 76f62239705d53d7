package org.ecdkit.format.definition;

import java.util.Collection;
import java.util.Locale;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.report.Finding;

/** The warning for a key a reader does not know: kept and passed through, with a hint at a likely typo. */
public final class UnknownKeys {

    private UnknownKeys() {
    }

    public static Finding finding(Place place, String key, Collection<String> known) {
        String hint = known.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT)))
                .findFirst()
                .map(k -> " (did you mean \"" + k + "\"?)")
                .orElse("");
        return Finding.warning("unknown-key", place + ": unknown key \"" + key + "\" kept and passed through" + hint);
    }
}
