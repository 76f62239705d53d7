package org.ecdkit.raster.tiff;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * JPEG-compressed TIFF blocks (compression 7, "new-style" JPEG as libtiff and GDAL write it), decoded
 * by the JDK's own JPEG reader (javax.imageio, the IJG library inside every JDK). Each block is an
 * abbreviated JPEG stream whose quantisation and Huffman tables may sit once in the directory's
 * JPEGTables; the two are joined into one complete stream. The decoder's raw components are taken
 * (never its colour guess, which depends on markers TIFF streams lack) and, for Photometric YCbCr,
 * turned into RGB with the IJG library's own fixed-point tables, as GDAL's libtiff does (JPEGCOLORMODE
 * RGB), so the values equal GDAL's. A warning from the decoder (a corrupt entropy stream, data cut
 * short) is an error: a JPEG decoder otherwise fills the rest of the block with grey and goes on.
 */
final class JpegBlocks {

    /** libjpeg's SCALEBITS: the colour tables are fixed-point with 16 fraction bits. */
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int[] CR_TO_R = new int[256];
    private static final int[] CB_TO_B = new int[256];
    private static final int[] CR_TO_G = new int[256];
    private static final int[] CB_TO_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_TO_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_TO_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_TO_G[i] = -fix(0.71414) * x;
            CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    /** The decoders, one per thread: an ImageReader is not safe to share. */
    private static final ThreadLocal<ImageReader> READERS = ThreadLocal.withInitial(JpegBlocks::newReader);

    private final byte[] tables;
    private final boolean ycbcr;

    /**
     * @param tables the JPEGTables tag's bytes (a stream of SOI, tables, EOI), or null when each block carries its own
     * @param ycbcr  whether the stream's components are YCbCr to be turned into RGB (Photometric 6)
     */
    JpegBlocks(byte[] tables, boolean ycbcr) {
        this.tables = tables == null ? null : tables.clone();
        this.ycbcr = ycbcr;
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALE_BITS) + 0.5);
    }

    /**
     * The JDK's own JPEG reader, chosen by its provider even when other plugins (imageio-ext, TwelveMonkeys)
     * register readers for JPEG too: its decoding is what the values were checked against.
     */
    private static ImageReader newReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getOriginatingProvider() != null
                    && reader.getOriginatingProvider().getClass().getName().startsWith("com.sun.imageio.plugins.jpeg.")) {
                return reader;
            }
            first = first == null ? reader : first;
        }
        if (first == null) {
            throw new IllegalStateException("this Java runtime has no JPEG decoder (module java.desktop)");
        }
        return first;
    }

    /**
     * Decodes one block into {@code width * rows * components} bytes, pixel-interleaved.
     *
     * @throws IllegalArgumentException with a short reason when the stream is corrupt or of another size
     */
    byte[] decode(byte[] data, int width, int rows, int components) {
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("the block is not a JPEG stream (no start-of-image marker)");
        }
        Raster raster = ImageStreamDecoding.decode(READERS.get(), join(data), "JPEG", width, rows, reader -> reader.readRaster(0, null));
        if (raster.getNumBands() != components) {
            throw new IllegalArgumentException("the JPEG stream holds " + raster.getNumBands() + " components, " + components + " expected");
        }
        byte[] out = samples(raster, width, rows, components);
        if (ycbcr && components == 3) {
            for (int i = 0; i < out.length; i += 3) {
                int y = out[i] & 0xFF;
                int cb = out[i + 1] & 0xFF;
                int cr = out[i + 2] & 0xFF;
                out[i] = clamp(y + CR_TO_R[cr]);
                out[i + 1] = clamp(y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS));
                out[i + 2] = clamp(y + CB_TO_B[cb]);
            }
        }
        return out;
    }

    /**
     * The first {@code rows} rows of {@code width} pixels, pixel-interleaved: copied row by row from the
     * decoder's byte buffer where it is laid out that way (it always is for the JDK's reader), else
     * sample by sample (three times slower).
     */
    private static byte[] samples(Raster raster, int width, int rows, int components) {
        byte[] out = new byte[width * rows * components];
        if (raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model && model.getPixelStride() == components
                && contiguous(model.getBandOffsets())) {
            byte[] data = buffer.getData();
            int origin = buffer.getOffset() + (raster.getMinY() - raster.getSampleModelTranslateY()) * model.getScanlineStride()
                    + (raster.getMinX() - raster.getSampleModelTranslateX()) * components;
            for (int row = 0; row < rows; row++) {
                System.arraycopy(data, origin + row * model.getScanlineStride(), out, row * width * components, width * components);
            }
            return out;
        }
        int[] samples = raster.getPixels(raster.getMinX(), raster.getMinY(), width, rows, (int[]) null);
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) samples[i];
        }
        return out;
    }

    private static boolean contiguous(int[] bandOffsets) {
        for (int b = 0; b < bandOffsets.length; b++) {
            if (bandOffsets[b] != b) {
                return false;
            }
        }
        return true;
    }

    private static byte clamp(int value) {
        return (byte) (value < 0 ? 0 : Math.min(value, 255));
    }

    /** The block's stream with the shared tables put in after its start-of-image marker. */
    private byte[] join(byte[] data) {
        if (tables == null || tables.length < 4) {
            return data;
        }
        // JPEGTables is SOI, tables, EOI: keep SOI and the tables, drop its EOI and the block's SOI.
        int tablesEnd = (tables[tables.length - 2] & 0xFF) == 0xFF && (tables[tables.length - 1] & 0xFF) == 0xD9
                ? tables.length - 2 : tables.length;
        byte[] stream = new byte[tablesEnd + data.length - 2];
        System.arraycopy(tables, 0, stream, 0, tablesEnd);
        System.arraycopy(data, 2, stream, tablesEnd, data.length - 2);
        return stream;
    }
}
