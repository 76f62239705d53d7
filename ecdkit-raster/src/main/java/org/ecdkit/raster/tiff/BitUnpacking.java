package org.ecdkit.raster.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Samples of 1 to 31 bits packed without regard to byte boundaries (TIFF allows any BitsPerSample;
 * GDAL writes them for {@code NBITS}), spread into whole bytes, 2 or 4 per sample, so that the usual
 * sample decoders read them. Bits are taken most significant first (FillOrder 1), and each row
 * starts on a byte boundary, as TIFF 6.0 prescribes.
 */
final class BitUnpacking {

    private BitUnpacking() {
    }

    /**
     * @param packed      the decompressed block
     * @param rows        rows in the block
     * @param perRow      samples in each row
     * @param bits        bits per sample
     * @param rowBytes    bytes each packed row takes
     * @param sampleBytes bytes per unpacked sample: 1, 2 or 4
     * @param order       the byte order the sample decoder reads
     */
    static byte[] unpack(byte[] packed, int rows, int perRow, int bits, int rowBytes, int sampleBytes, ByteOrder order) {
        ByteBuffer out = ByteBuffer.allocate(rows * perRow * sampleBytes).order(order);
        for (int row = 0; row < rows; row++) {
            long bit = (long) row * rowBytes * 8;
            for (int i = 0; i < perRow; i++, bit += bits) {
                long value = 0;
                for (int k = 0; k < bits; k++) {
                    long at = bit + k;
                    value = value << 1 | (packed[(int) (at >>> 3)] >>> (7 - (at & 7))) & 1;
                }
                switch (sampleBytes) {
                    case 1 -> out.put((byte) value);
                    case 2 -> out.putShort((short) value);
                    default -> out.putInt((int) value);
                }
            }
        }
        return out.array();
    }
}
