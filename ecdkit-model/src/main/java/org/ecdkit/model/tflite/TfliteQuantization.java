package org.ecdkit.model.tflite;

/**
 * A tensor's quantization (QuantizationParameters: scale 2, zero_point 3, quantized_dimension 6):
 * {@code real = scale × (q − zero_point)}, one scale for the tensor or one per slice along
 * {@code axis} (per-channel weights).
 */
public record TfliteQuantization(float[] scales, long[] zeroPoints, int axis) {

    public TfliteQuantization {
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    public boolean perChannel() {
        return scales.length > 1;
    }

    public float scale(int channel) {
        return scales[scales.length == 1 ? 0 : channel];
    }

    public long zeroPoint(int channel) {
        return zeroPoints.length == 0 ? 0 : zeroPoints[zeroPoints.length == 1 ? 0 : channel];
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public long[] zeroPoints() {
        return zeroPoints.clone();
    }
}
