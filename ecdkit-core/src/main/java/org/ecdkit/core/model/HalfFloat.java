package org.ecdkit.core.model;

/**
 * IEEE 754 half precision (binary16), as model files store float16 weights. Java 17 has no
 * {@code Float.float16ToFloat} (added in Java 20); this is the same conversion, exact for every value.
 */
public final class HalfFloat {

    private HalfFloat() {
    }

    public static float toFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | mantissa << 13); // infinity or NaN, payload kept
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa x 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }
}
