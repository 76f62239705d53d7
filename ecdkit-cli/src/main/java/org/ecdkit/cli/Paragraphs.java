package org.ecdkit.cli;

/** Wraps a paragraph at word boundaries, for plans printed to a terminal. */
final class Paragraphs {

    private Paragraphs() {
    }

    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String word : text.split(" ")) {
            if (column > 0 && column + 1 + word.length() > width) {
                out.append('\n');
                column = 0;
            }
            if (column == 0) {
                out.append(indent);
                column = indent.length();
            } else {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.append('\n').toString();
    }
}
