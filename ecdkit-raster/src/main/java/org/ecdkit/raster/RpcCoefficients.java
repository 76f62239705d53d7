package org.ecdkit.raster;

/**
 * A raster's rational polynomial coefficients (RPC: how a satellite sensor's image maps to latitude,
 * longitude and height), as the 92 numbers of the TIFF RPCCoefficientTag (50844) and GDAL's RPC
 * metadata domain hold them: ERR_BIAS, ERR_RAND, the five offsets and five scales (line, sample,
 * latitude, longitude, height), then the 20 coefficients each of the line numerator and denominator
 * and the sample numerator and denominator. ecdkit does not use them; it carries them from an input to
 * its outputs, where they place an unorthorectified image as they placed the input.
 *
 * @param values the 92 numbers
 */
public record RpcCoefficients(double[] values) {

    public static final int COUNT = 92;

    public RpcCoefficients {
        if (values.length != COUNT) {
            throw new IllegalArgumentException("RPC coefficients are " + COUNT + " numbers, not " + values.length);
        }
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }
}
