package org.ecdkit.core.json;

/** A 1-based line and column in a text file; {@link #NONE} for values built in memory. */
public record TextPosition(int line, int column) {
    public static final TextPosition NONE = new TextPosition(0, 0);

    public boolean isKnown() {
        return line > 0;
    }
}
