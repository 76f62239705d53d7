package org.ecdkit.raster.tiff;

import java.nio.ByteOrder;
import org.ecdkit.raster.SampleType;

/**
 * Converts runs of stored samples to floats. One loop per sample type and byte order, chosen once
 * per image, keeps the per-sample work to a few shifts: reading is on the classify hot path.
 */
abstract class SampleDecoder {

    /**
     * Converts {@code count} samples, the first at sample index {@code first} of {@code block} and
     * each {@code stride} samples after the previous, into {@code target} from {@code at}.
     */
    abstract void decode(byte[] block, int first, int stride, int count, float[] target, int at);

    static SampleDecoder of(SampleType type, ByteOrder order) {
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        return switch (type) {
            case UINT8 -> new SampleDecoder() {
                @Override
                void decode(byte[] b, int first, int stride, int count, float[] t, int at) {
                    for (int i = 0, s = first; i < count; i++, s += stride) {
                        t[at + i] = b[s] & 0xFF;
                    }
                }
            };
            case INT8 -> new SampleDecoder() {
                @Override
                void decode(byte[] b, int first, int stride, int count, float[] t, int at) {
                    for (int i = 0, s = first; i < count; i++, s += stride) {
                        t[at + i] = b[s];
                    }
                }
            };
            case UINT16, INT16 -> new SampleDecoder() {
                @Override
                void decode(byte[] b, int first, int stride, int count, float[] t, int at) {
                    boolean signed = type == SampleType.INT16;
                    for (int i = 0, s = first * 2; i < count; i++, s += stride * 2) {
                        int value = little ? (b[s] & 0xFF) | (b[s + 1] & 0xFF) << 8 : (b[s] & 0xFF) << 8 | (b[s + 1] & 0xFF);
                        t[at + i] = signed ? (short) value : value;
                    }
                }
            };
            case UINT32, INT32, FLOAT32 -> new SampleDecoder() {
                @Override
                void decode(byte[] b, int first, int stride, int count, float[] t, int at) {
                    for (int i = 0, s = first * 4; i < count; i++, s += stride * 4) {
                        int value = little
                                ? (b[s] & 0xFF) | (b[s + 1] & 0xFF) << 8 | (b[s + 2] & 0xFF) << 16 | (b[s + 3] & 0xFF) << 24
                                : (b[s] & 0xFF) << 24 | (b[s + 1] & 0xFF) << 16 | (b[s + 2] & 0xFF) << 8 | (b[s + 3] & 0xFF);
                        t[at + i] = switch (type) {
                            case UINT32 -> value & 0xFFFF_FFFFL;
                            case INT32 -> value;
                            default -> Float.intBitsToFloat(value);
                        };
                    }
                }
            };
            case FLOAT64 -> new SampleDecoder() {
                @Override
                void decode(byte[] b, int first, int stride, int count, float[] t, int at) {
                    for (int i = 0, s = first * 8; i < count; i++, s += stride * 8) {
                        long value = 0;
                        for (int k = 0; k < 8; k++) {
                            value |= (long) (b[s + k] & 0xFF) << (little ? 8 * k : 8 * (7 - k));
                        }
                        t[at + i] = (float) Double.longBitsToDouble(value);
                    }
                }
            };
        };
    }
}
