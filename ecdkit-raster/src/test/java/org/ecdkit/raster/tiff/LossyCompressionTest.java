package org.ecdkit.raster.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.fixture.RasterValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image codecs GDAL writes into TIFF (JPEG in its YCbCr and RGB forms, WebP): ecdkit's decoded
 * values are compared with GDAL's own decoding of the same file, value for value; what cannot be
 * decoded as GDAL does is refused with the command that rewrites it.
 */
class LossyCompressionTest {

    static final int WIDTH = 333;
    static final int HEIGHT = 250;

    @TempDir
    Path dir;

    /** An image with smooth gradients, edges and texture, which JPEG's blocks and chroma subsampling all touch. */
    static double scene(int x, int y, int band) {
        double smooth = 128 + 90 * Math.sin(x / 23.0 + band) * Math.cos(y / 31.0 - band);
        double edge = (x / 40 + y / 40) % 2 == 0 ? 30 : -30;
        double texture = ((x * 7919L + y * 104729L + band * 13L) % 17) - 8;
        return Math.max(0, Math.min(255, Math.round(smooth + edge + texture)));
    }

    Path plain(int bands) throws Exception {
        return GeoTiffFixture.of(WIDTH, HEIGHT, bands, SampleType.UINT8, LossyCompressionTest::scene)
                .epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("plain" + bands + ".tif"));
    }

    static void assertSameAsGdal(Path file, int tolerance) throws Exception {
        float[] gdal = Gdal.values(file);
        try (GeoTiffSource source = GeoTiffSource.open(file)) {
            float[] ours = RasterValues.all(source);
            assertEquals(gdal.length, ours.length);
            int differing = 0;
            float worst = 0;
            for (int i = 0; i < ours.length; i++) {
                float d = Math.abs(ours[i] - gdal[i]);
                differing += d > 0 ? 1 : 0;
                worst = Math.max(worst, d);
            }
            assertTrue(worst <= tolerance, file.getFileName() + ": " + differing + " of " + ours.length
                    + " values differ from GDAL's, by up to " + worst);
            // A window that starts inside a block reads the same values as the whole image.
            Window window = new Window(37, 29, 201, 150);
            float[] part = new float[(int) window.pixels()];
            source.read(window, new int[] {source.bandCount() - 1}, part);
            int plane = source.width() * source.height();
            for (int y = 0; y < window.height(); y++) {
                for (int x = 0; x < window.width(); x++) {
                    assertEquals(ours[(source.bandCount() - 1) * plane + (window.y() + y) * source.width() + window.x() + x],
                            part[y * window.width() + x]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} bands, {1}")
    @CsvSource(delimiter = '|', value = {
        "3|-co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR -co TILED=YES|YCbCr JPEG",
        "3|-co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR|YCbCr JPEG",
        "3|-co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR -co TILED=YES -co JPEG_QUALITY=40 -co BLOCKXSIZE=64 -co BLOCKYSIZE=48|YCbCr JPEG",
        "3|-co COMPRESS=JPEG -co TILED=YES|JPEG",
        "3|-co COMPRESS=JPEG -co INTERLEAVE=BAND|JPEG",
        "1|-co COMPRESS=JPEG -co TILED=YES|JPEG",
        "4|-co COMPRESS=JPEG -co TILED=YES -co JPEG_QUALITY=95|JPEG",
        "3|-co COMPRESS=WEBP -co WEBP_LOSSLESS=YES -co TILED=YES|WEBP",
        "4|-co COMPRESS=WEBP -co WEBP_LOSSLESS=YES|WEBP",
        "4|-co COMPRESS=WEBP -co WEBP_LOSSLESS=YES -co TILED=YES -co BLOCKXSIZE=128 -co BLOCKYSIZE=64|WEBP"})
    void jpegAndLosslessWebpReadAsGdalDecodesThem(int bands, String options, String gdalCompression) throws Exception {
        Gdal.require();
        Path encoded = Gdal.translate(plain(bands), dir.resolve("encoded.tif"), options.split(" "));
        assertTrue(Gdal.run("gdalinfo", encoded.toString()).contains("COMPRESSION=" + gdalCompression + "\n"));
        assertSameAsGdal(encoded, 0);
    }

    /**
     * GDAL keeps a JPEG file's mask in a directory of its own (NewSubfileType 4, 1-bit Deflate), after
     * the image's: it is found by following the chain of directories, and its 0s are where the alpha
     * band that made it was 0.
     */
    @Test
    void aJpegFilesInternalMaskIsRead() throws Exception {
        Gdal.require();
        Path rgba = GeoTiffFixture.of(WIDTH, HEIGHT, 4, SampleType.UINT8, (x, y, b) -> b == 3 ? (x < 50 || y > 200 ? 0 : 255)
                : scene(x, y, b)).epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("rgba.tif"));
        Path jpeg = Gdal.translate(rgba, dir.resolve("jpeg.tif"), "-b", "1", "-b", "2", "-b", "3", "-mask", "4",
                "-co", "COMPRESS=JPEG", "-co", "PHOTOMETRIC=YCBCR", "-co", "TILED=YES", "-co", "BLOCKXSIZE=128", "-co", "BLOCKYSIZE=128",
                "--config", "GDAL_TIFF_INTERNAL_MASK", "YES");
        assertTrue(!Files.exists(dir.resolve("jpeg.tif.msk")));
        assertTrue(Gdal.run("gdalinfo", jpeg.toString()).contains("Mask Flags: PER_DATASET"));
        Gdal.run("gdaladdo", "-q", jpeg.toString(), "2", "4");
        try (GeoTiffSource source = GeoTiffSource.open(jpeg)) {
            assertTrue(source.hasMask());
            Window window = new Window(20, 150, 200, 90);
            float[] mask = new float[(int) window.pixels()];
            source.readMask(window, mask);
            for (int y = 0; y < window.height(); y++) {
                for (int x = 0; x < window.width(); x++) {
                    int gx = window.x() + x;
                    int gy = window.y() + y;
                    assertEquals(gx < 50 || gy > 200, mask[y * window.width() + x] == 0, "(" + gx + ", " + gy + ")");
                }
            }
        }
        assertSameAsGdal(jpeg, 0);
    }

    @Test
    void aCorruptJpegTileIsRefusedNamingTheTile() throws Exception {
        Gdal.require();
        Path jpeg = Gdal.translate(plain(3), dir.resolve("jpeg.tif"), "-co", "COMPRESS=JPEG", "-co", "PHOTOMETRIC=YCBCR",
                "-co", "TILED=YES");
        long offset;
        long count;
        try (TiffFile file = TiffFile.open(jpeg)) {
            TiffImage image = TiffImage.read(new TiffDirectory(file, file.firstDirectory));
            offset = image.offset(1);
            count = image.byteCount(1);
        }
        byte[] bytes = Files.readAllBytes(jpeg);
        // Cut the entropy-coded data of tile 1 short: its end-of-image marker moves into the middle.
        int end = (int) (offset + count);
        bytes[(int) (offset + count / 2)] = (byte) 0xFF;
        bytes[(int) (offset + count / 2) + 1] = (byte) 0xD9;
        java.util.Arrays.fill(bytes, (int) (offset + count / 2) + 2, end, (byte) 0);
        Files.write(jpeg, bytes);
        try (GeoTiffSource source = GeoTiffSource.open(jpeg)) {
            float[] values = new float[3 * 256 * 250];
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> source.read(new Window(0, 0, 333, 250), new int[] {0, 1, 2}, new float[3 * 333 * 250]));
            assertTrue(e.getMessage().startsWith(jpeg.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("tile 1: the JPEG stream is corrupt"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            // Tile 0 is intact and still reads.
            source.read(new Window(0, 0, 256, 250), new int[] {0, 1, 2}, values);
        }
    }

    /**
     * Lossy WebP is refused when opened: TwelveMonkeys' VP8 decoder, the only maintained Java one, is
     * far from libwebp's values (this measures how far, so the refusal's figure stays true).
     */
    @ParameterizedTest(name = "{0} bands")
    @CsvSource({"3", "4"})
    void lossyWebpIsRefusedWithTheCommandThatRewritesIt(int bands) throws Exception {
        Gdal.require();
        Path webp = Gdal.translate(plain(bands), dir.resolve("webp.tif"), "-co", "COMPRESS=WEBP", "-co", "TILED=YES");
        EcdkitException e = assertThrows(UnsupportedInputException.class, () -> GeoTiffSource.open(webp).close());
        assertTrue(e.getMessage().startsWith(webp + ": lossy WebP compression is not read"), e.getMessage());
        assertTrue(e.getMessage().contains("WEBP_LOSSLESS=YES"), e.getMessage());
        if (bands == 3) {
            float[] gdal = Gdal.values(webp);
            float[] decoded = twelveMonkeysValues(webp);
            double sum = 0;
            for (int i = 0; i < gdal.length; i++) {
                sum += Math.abs(gdal[i] - decoded[i]);
            }
            assertTrue(sum / gdal.length > 10, "TwelveMonkeys now decodes lossy WebP within " + sum / gdal.length
                    + " levels of libwebp on average: time to read lossy WebP");
        }
    }

    /** The file's values as TwelveMonkeys decodes its lossy WebP tiles, band after band (as Gdal.values lays them out). */
    private static float[] twelveMonkeysValues(Path file) throws Exception {
        float[] values = new float[3 * WIDTH * HEIGHT];
        try (TiffFile tiff = TiffFile.open(file)) {
            TiffImage image = TiffImage.read(new TiffDirectory(tiff, tiff.firstDirectory));
            javax.imageio.ImageReader reader = new com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi().createReaderInstance();
            for (int i = 0; i < image.byteCounts().length; i++) {
                java.nio.ByteBuffer stored = tiff.read(image.offset(i), (int) image.byteCount(i), "tile");
                reader.setInput(javax.imageio.ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(stored.array())));
                java.awt.image.Raster raster = reader.read(0).getRaster();
                int left = i % image.blocksAcross() * image.blockWidth();
                int top = i / image.blocksAcross() * image.blockHeight();
                for (int y = top; y < Math.min(HEIGHT, top + image.blockHeight()); y++) {
                    for (int x = left; x < Math.min(WIDTH, left + image.blockWidth()); x++) {
                        for (int b = 0; b < 3; b++) {
                            values[b * WIDTH * HEIGHT + y * WIDTH + x] = raster.getSample(x - left, y - top, b);
                        }
                    }
                }
            }
        }
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"LERC|LERC", "LERC_ZSTD|LERC", "LERC_DEFLATE|LERC"})
    void lercIsRefusedWithTheCommandThatRewritesIt(String codec, String named) throws Exception {
        Gdal.require();
        Path lerc = Gdal.translate(plain(1), dir.resolve("lerc.tif"), "-co", "COMPRESS=" + codec, "-co", "TILED=YES");
        EcdkitException e = assertThrows(UnsupportedInputException.class, () -> GeoTiffSource.open(lerc).close());
        assertTrue(e.getMessage().contains("compression " + named + " is not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("gdal_translate -co TILED=YES -co COMPRESS=DEFLATE"), e.getMessage());
    }
}
