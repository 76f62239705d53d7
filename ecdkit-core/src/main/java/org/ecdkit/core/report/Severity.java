package org.ecdkit.core.report;

/** How much a finding matters to the command that produced it. */
public enum Severity {
    /** Stops the command unless the user explicitly allows it. */
    ERROR,
    /** Printed; the command goes on. */
    WARNING,
    /** Context a careful user wants to know, such as a check that could not be made. */
    NOTE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
