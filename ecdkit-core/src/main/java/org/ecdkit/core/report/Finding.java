package org.ecdkit.core.report;

import java.util.Objects;

/**
 * One result of a check, as a value rather than an exception, so a caller can decide whether a
 * warning should stop it. The message is a complete line that names its files.
 *
 * @param severity how much it matters
 * @param code     a stable identifier for scripts and tests ({@code band-count}, {@code unknown-key})
 * @param message  one line for a human
 */
public record Finding(Severity severity, String code, String message) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Finding error(String code, String message) {
        return new Finding(Severity.ERROR, code, message);
    }

    public static Finding warning(String code, String message) {
        return new Finding(Severity.WARNING, code, message);
    }

    public static Finding note(String code, String message) {
        return new Finding(Severity.NOTE, code, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same finding at another severity, for checks a user chose to relax. */
    public Finding withSeverity(Severity newSeverity) {
        return new Finding(newSeverity, code, message);
    }

    @Override
    public String toString() {
        return severity.label() + ": " + message;
    }
}
