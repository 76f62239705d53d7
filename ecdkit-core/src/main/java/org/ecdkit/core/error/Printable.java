package org.ecdkit.core.error;

/**
 * Text from a file, made safe to put in a one-line message: quoted, control characters escaped
 * (a name read from a damaged file may hold newlines or terminal escapes), and cut when long.
 */
public final class Printable {

    private static final int MAX_LENGTH = 120;

    private Printable() {
    }

    /** {@code "name"}, with control characters as {@code \\uXXXX} and at most 120 characters shown. */
    public static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(text.length(), MAX_LENGTH);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < text.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    /**
     * {@code text} with its control characters (ESC, NUL, line breaks) written as {@code \\uXXXX},
     * unquoted and whole: for names printed in tables on a terminal, where a class name from a file
     * must not move the cursor, recolour the screen or start a new line.
     */
    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whether {@code text} can go in a message as it is. */
    public static boolean isPlain(String text) {
        return text.length() <= MAX_LENGTH && text.chars().noneMatch(c -> c < 0x20 || Character.isISOControl(c));
    }
}
