package org.ecdkit.raster.tiff;

import java.nio.ByteOrder;

/**
 * Undoes TIFF predictors on a decoded block in place: horizontal differencing (2, TIFF 6.0
 * section 14) on integer samples, and the floating-point predictor (3, Adobe's TIFF technical note 3),
 * which differences the bytes of each row after splitting samples into byte planes.
 */
final class Predictor {
    static final int NONE = 1;
    static final int HORIZONTAL = 2;
    static final int FLOATING_POINT = 3;

    private Predictor() {
    }

    /**
     * @param block   the decoded block, {@code rows} rows of {@code width * samples} samples
     * @param bytes   bytes per sample
     * @param samples samples per pixel in this block (1 for a band-interleaved plane)
     */
    static void undo(int predictor, byte[] block, int width, int rows, int samples, int bytes, ByteOrder order) {
        if (predictor == NONE) {
            return;
        }
        int rowBytes = width * samples * bytes;
        if (predictor == HORIZONTAL) {
            for (int row = 0; row < rows; row++) {
                horizontal(block, row * rowBytes, width, samples, bytes, order);
            }
        } else {
            byte[] scratch = new byte[rowBytes];
            for (int row = 0; row < rows; row++) {
                floatingPoint(block, row * rowBytes, width * samples, samples, bytes, order, scratch);
            }
        }
    }

    private static void horizontal(byte[] block, int start, int width, int samples, int bytes, ByteOrder order) {
        int stride = samples * bytes;
        for (int i = stride; i < width * stride; i += bytes) {
            int at = start + i;
            int before = at - stride;
            switch (bytes) {
                case 1 -> block[at] += block[before];
                case 2 -> put(block, at, get(block, at, 2, order) + get(block, before, 2, order), 2, order);
                case 4 -> put(block, at, get(block, at, 4, order) + get(block, before, 4, order), 4, order);
                default -> put(block, at, get(block, at, 8, order) + get(block, before, 8, order), 8, order);
            }
        }
    }

    private static void floatingPoint(byte[] block, int start, int values, int samples, int bytes, ByteOrder order,
            byte[] scratch) {
        int rowBytes = values * bytes;
        for (int i = samples; i < rowBytes; i++) {
            block[start + i] += block[start + i - samples];
        }
        System.arraycopy(block, start, scratch, 0, rowBytes);
        // The row holds byte planes, most significant first; each sample is reassembled in file order.
        for (int v = 0; v < values; v++) {
            for (int b = 0; b < bytes; b++) {
                byte value = scratch[b * values + v];
                int position = order == ByteOrder.BIG_ENDIAN ? b : bytes - 1 - b;
                block[start + v * bytes + position] = value;
            }
        }
    }

    private static long get(byte[] block, int at, int bytes, ByteOrder order) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (bytes - 1 - i);
            value |= (long) (block[at + i] & 0xFF) << shift;
        }
        return value;
    }

    private static void put(byte[] block, int at, long value, int bytes, ByteOrder order) {
        for (int i = 0; i < bytes; i++) {
            int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (bytes - 1 - i);
            block[at + i] = (byte) (value >>> shift);
        }
    }
}
