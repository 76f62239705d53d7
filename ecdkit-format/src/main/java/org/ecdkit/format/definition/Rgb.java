package org.ecdkit.format.definition;

/** A class colour, each channel 0..255. */
public record Rgb(int red, int green, int blue) {

    public Rgb {
        check(red, "red");
        check(green, "green");
        check(blue, "blue");
    }

    private static void check(int value, String channel) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(channel + " must be 0..255: " + value);
        }
    }

    /** Six hex digits without '#', as STAC's color_hint wants ("CCCCCC"). */
    public String hex() {
        return String.format("%02X%02X%02X", red, green, blue);
    }

    @Override
    public String toString() {
        return "[" + red + ", " + green + ", " + blue + "]";
    }
}
