package org.ecdkit.core.report;

import java.util.List;

/**
 * A value read from a file together with the warnings met while reading it (unknown keys, a
 * byte-order mark): reading succeeded, but the user should hear about these.
 */
public record Parsed<T>(T value, List<Finding> findings) {

    public Parsed {
        findings = List.copyOf(findings);
    }

    public static <T> Parsed<T> of(T value) {
        return new Parsed<>(value, List.of());
    }
}
