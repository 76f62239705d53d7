package org.ecdkit.core.error;

import java.nio.file.Path;

/**
 * Where in which file something was found, written the way compilers do ({@code file:line:col})
 * so editors can jump to it.
 *
 * @param file     the file as the user named it (never made absolute, so messages stay short), or null
 *                 for something that is not a local file (a URL, an S3 object)
 * @param name     how the place names its file or object in messages
 * @param line     1-based line, or 0 when the file is not text or the line is unknown
 * @param column   1-based column, or 0 when unknown
 * @param locator  a path inside the file ({@code Classes[1].Color[2]}, {@code graph.input[0]}),
 *                 or empty
 * @param offset   byte offset for binary files, or -1 when not applicable
 */
public record Place(Path file, String name, int line, int column, String locator, long offset) {

    public Place {
        locator = locator == null ? "" : locator;
        name = name == null ? String.valueOf(file) : name;
    }

    public static Place of(Path file) {
        return new Place(file, null, 0, 0, "", -1);
    }

    /** A place that is not a local file: a URL or an S3 object, named as the user gave it. */
    public static Place remote(String location) {
        return new Place(null, location, 0, 0, "", -1);
    }

    public static Place json(Path file, int line, int column, String jsonPath) {
        return new Place(file, null, line, column, jsonPath, -1);
    }

    public static Place at(Path file, long offset, String locator) {
        return new Place(file, null, 0, 0, locator, offset);
    }

    public static Place in(Path file, String locator) {
        return new Place(file, null, 0, 0, locator, -1);
    }

    /** The same place with a more specific locator. */
    public Place locate(String newLocator) {
        return new Place(file, name, line, column, newLocator, offset);
    }

    /** The same file or object, at byte {@code newOffset}, with {@code newLocator}. */
    public Place at(long newOffset, String newLocator) {
        return new Place(file, name, 0, 0, newLocator, newOffset);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        if (!locator.isEmpty()) {
            text.append(": ").append(locator);
        }
        if (offset >= 0) {
            text.append(locator.isEmpty() ? ": " : " ").append("at byte ").append(offset);
        }
        return text.toString();
    }
}
