package org.ecdkit.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bit patterns from IEEE 754's binary16 table, and every finite value against its definition. */
class HalfFloatTest {

    @Test
    void namedValues() {
        assertEquals(1f, HalfFloat.toFloat((short) 0x3C00));
        assertEquals(-2f, HalfFloat.toFloat((short) 0xC000));
        assertEquals(65504f, HalfFloat.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, HalfFloat.toFloat((short) 0x0001));
        assertEquals(0x3FF * 0x1p-24f, HalfFloat.toFloat((short) 0x03FF));
        assertEquals(0x1p-14f, HalfFloat.toFloat((short) 0x0400));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloat.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(HalfFloat.toFloat((short) 0x7E00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(HalfFloat.toFloat((short) 0x8000)));
    }

    @Test
    void everyFiniteValueIsSignTimesMantissaTimesAPowerOfTwo() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >> 10) & 0x1F;
            if (exponent == 0x1F) {
                continue;
            }
            int mantissa = bits & 0x3FF;
            double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24) : (1024 + mantissa) * Math.pow(2, exponent - 25);
            double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
            assertEquals(expected, HalfFloat.toFloat((short) bits), 0.0, "bits " + Integer.toHexString(bits));
        }
    }
}
