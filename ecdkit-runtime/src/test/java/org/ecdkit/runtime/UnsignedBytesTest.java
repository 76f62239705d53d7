package org.ecdkit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UnsignedBytesTest {

    @Test
    void valuesAreRoundedAndHeldToTheByteRange() {
        Tensor input = Tensor.allocate(1, 8);
        input.data().put(new float[] {0, 1.49f, 1.5f, 254.6f, 255, 300, -3, Float.NaN});
        ByteBuffer bytes = UnsignedBytes.of(input);
        byte[] values = new byte[bytes.remaining()];
        bytes.get(values);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255, (byte) 255, (byte) 255, 0, 0}, values);
    }
}
