package org.ecdkit.inference.tiling;

/**
 * Which pixels an input's declared nodata value makes missing, where several bands are fed. A
 * sample that is not a finite number (NaN, infinity) makes its pixel missing whatever the rule: the
 * model cannot be fed it.
 */
public enum NodataRule {
    /**
     * Missing where every fed band holds the nodata value: how GDAL reads a nodata value that each
     * band declares (its mask is per band, and a pixel is valid where any band is), so that naturally
     * dark pixels with one band at 0 are classified; the default.
     */
    ALL_BANDS,
    /** Missing where any fed band holds it: for imagery whose collar is marked in one band only. */
    ANY_BAND
}
