package org.ecdkit.format.definition;

/**
 * Colours for classes that come without one: hues a golden angle apart, so neighbouring classes
 * differ clearly however many there are, at a saturation and value that read on white and black.
 */
public final class DefaultColors {

    private static final double GOLDEN_ANGLE = 137.50776405003785;

    private DefaultColors() {
    }

    public static Rgb forIndex(int index) {
        double hue = (index * GOLDEN_ANGLE) % 360.0;
        return fromHsv(hue, 0.65, 0.85);
    }

    static Rgb fromHsv(double hue, double saturation, double value) {
        double c = value * saturation;
        double x = c * (1 - Math.abs((hue / 60.0) % 2 - 1));
        double m = value - c;
        double[] rgb = switch ((int) (hue / 60.0) % 6) {
            case 0 -> new double[] {c, x, 0};
            case 1 -> new double[] {x, c, 0};
            case 2 -> new double[] {0, c, x};
            case 3 -> new double[] {0, x, c};
            case 4 -> new double[] {x, 0, c};
            default -> new double[] {c, 0, x};
        };
        return new Rgb(channel(rgb[0] + m), channel(rgb[1] + m), channel(rgb[2] + m));
    }

    private static int channel(double unit) {
        return (int) Math.round(Math.max(0, Math.min(1, unit)) * 255);
    }
}
