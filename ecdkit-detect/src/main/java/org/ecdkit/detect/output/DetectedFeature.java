package org.ecdkit.detect.output;

/**
 * A detection as a feature: its box's corners in map coordinates (or pixels, for an image without
 * a geotransform), as a closed ring, and its attributes.
 *
 * @param ring       five corners, the last equal to the first, counter-clockwise in x-right y-up axes
 * @param className  {@code Class}: the class's name
 * @param classValue {@code ClassValue}: the class's value in the definition
 * @param confidence {@code Confidence}: the detector's score
 */
public record DetectedFeature(double[][] ring, String className, long classValue, double confidence) {

    public DetectedFeature {
        ring = copy(ring);
    }

    /** The corners, in new arrays. */
    @Override
    public double[][] ring() {
        return copy(ring);
    }

    private static double[][] copy(double[][] points) {
        double[][] copy = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            copy[i] = points[i].clone();
        }
        return copy;
    }

    /** The ring the other way round (Esri JSON wants exterior rings clockwise). */
    public double[][] clockwise() {
        double[][] reversed = new double[ring.length][];
        for (int i = 0; i < ring.length; i++) {
            reversed[i] = ring[ring.length - 1 - i].clone();
        }
        return reversed;
    }
}
