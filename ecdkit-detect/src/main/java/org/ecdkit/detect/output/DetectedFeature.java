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

    /** The ring the other way round (Esri JSON wants exterior rings clockwise). */
    public double[][] clockwise() {
        double[][] reversed = new double[ring.length][];
        for (int i = 0; i < ring.length; i++) {
            reversed[i] = ring[ring.length - 1 - i];
        }
        return reversed;
    }
}
