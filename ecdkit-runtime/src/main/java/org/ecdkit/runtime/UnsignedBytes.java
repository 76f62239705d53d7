package org.ecdkit.runtime;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * A batch for a model whose image input is uint8, as the TensorFlow Object Detection API exports
 * detectors ({@code input_tensor} [1, H, W, 3] uint8): each value rounded to the nearest integer
 * (halves away from zero) and held to 0..255, which keeps 8-bit imagery exactly as read.
 */
public final class UnsignedBytes {

    private UnsignedBytes() {
    }

    /** The tensor's values as bytes in a direct buffer, ready for a runtime to read. */
    public static ByteBuffer of(Tensor input) {
        FloatBuffer data = input.data().duplicate().rewind().limit(input.size());
        ByteBuffer bytes = ByteBuffer.allocateDirect(input.size());
        while (data.hasRemaining()) {
            bytes.put(of(data.get()));
        }
        return bytes.flip();
    }

    static byte of(float value) {
        if (!(value > 0)) {
            return 0; // NaN too: nodata reaches a model as 0
        }
        return (byte) Math.min(255, Math.round(value));
    }
}
