package org.ecdkit.raster.tiff;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;

/**
 * WebP-compressed TIFF blocks (compression 50001, as GDAL writes them: each block one complete RIFF
 * WebP file of 3 or 4 8-bit bands), decoded by TwelveMonkeys' pure-Java WebP reader. Only lossless
 * (VP8L) blocks are read: on lossy (VP8) blocks that reader's values are far from libwebp's, which
 * GDAL and every viewer use (a mean of 24 levels apart on the test scene; docs/formats.md), and a
 * classifier fed other pixels than the user sees is worse than a clear refusal. The reader is made
 * directly, not looked up through ImageIO's registry, so it works the same from a shaded jar.
 */
final class WebpBlocks {

    private static final WebPImageReaderSpi PROVIDER = new WebPImageReaderSpi();
    private static final ThreadLocal<ImageReader> READERS = ThreadLocal.withInitial(() -> {
        try {
            return PROVIDER.createReaderInstance();
        } catch (IOException e) {
            throw new IllegalStateException("the WebP decoder cannot be made", e);
        }
    });

    private WebpBlocks() {
    }

    /** What ecdkit says of a lossy WebP file, after "lossy WebP ...". */
    static final String LOSSY_REFUSAL = "is not read: no maintained Java decoder decodes VP8 as libwebp does (TwelveMonkeys' "
            + "values differ by 24 levels on average); convert with gdal_translate -co TILED=YES -co COMPRESS=DEFLATE IN.tif "
            + "OUT.tif, or keep WebP with -co COMPRESS=WEBP -co WEBP_LOSSLESS=YES";

    /**
     * Whether a WebP stream that starts with {@code head} (its bytes, at least up to the image chunk)
     * is lossy: its image chunk is "VP8 " rather than "VP8L". False when no image chunk is in {@code head}.
     */
    static boolean lossy(byte[] head) {
        int at = 12;
        while (at + 8 <= head.length) {
            String chunk = new String(head, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (chunk.equals("VP8 ")) {
                return true;
            }
            if (chunk.equals("VP8L")) {
                return false;
            }
            long size = (head[at + 4] & 0xFFL) | (head[at + 5] & 0xFFL) << 8 | (head[at + 6] & 0xFFL) << 16 | (head[at + 7] & 0xFFL) << 24;
            at += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - at - 8);
        }
        return false;
    }

    /**
     * Decodes one block into {@code width * rows * components} bytes, pixel-interleaved.
     *
     * @throws IllegalArgumentException with a short reason when the stream is corrupt or of another size
     */
    static byte[] decode(byte[] data, int width, int rows, int components) {
        if (data.length < 12 || data[0] != 'R' || data[1] != 'I' || data[2] != 'F' || data[3] != 'F' || data[8] != 'W'
                || data[9] != 'E' || data[10] != 'B' || data[11] != 'P') {
            throw new IllegalArgumentException("the block is not a WebP stream (no RIFF WEBP header)");
        }
        if (lossy(data)) {
            throw new IllegalArgumentException("the block is lossy WebP, which " + LOSSY_REFUSAL);
        }
        Raster raster = ImageStreamDecoding.decode(READERS.get(), data, "WebP", width, rows, reader -> reader.read(0, null).getRaster());
        if (raster.getNumBands() < components) {
            throw new IllegalArgumentException("the WebP image holds " + raster.getNumBands() + " bands, " + components + " expected");
        }
        // A 3-band block may decode with an opaque alpha band the TIFF does not store: take the first bands.
        int[] samples = raster.getPixels(0, 0, width, rows, (int[]) null);
        int stride = raster.getNumBands();
        byte[] out = new byte[width * rows * components];
        for (int p = 0, i = 0; p < width * rows; p++) {
            for (int c = 0; c < components; c++) {
                out[i++] = (byte) samples[p * stride + c];
            }
        }
        return out;
    }
}
