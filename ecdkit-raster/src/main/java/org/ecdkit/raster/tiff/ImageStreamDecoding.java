package org.ecdkit.raster.tiff;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * One block decoded by a javax.imageio reader (JPEG, WebP), with the reader's failures and its
 * warnings, which decoders use for damage they paper over, both turned into one-line errors.
 */
final class ImageStreamDecoding {

    /** What is read from the reader once its input is set: its raster, raw or as an image's. */
    interface Read {
        Raster from(ImageReader reader) throws IOException;
    }

    private ImageStreamDecoding() {
    }

    /**
     * Decodes {@code stream} with {@code reader} and checks the result holds at least {@code width} x
     * {@code rows} pixels.
     *
     * @throws IllegalArgumentException naming {@code format} when the stream is corrupt or too small
     */
    static Raster decode(ImageReader reader, byte[] stream, String format, int width, int rows, Read read) {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        Raster raster;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(stream))) {
            reader.setInput(in, true, true);
            raster = read.from(reader);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw corrupt(format, message);
        } finally {
            reader.removeAllIIOReadWarningListeners();
            reader.setInput(null);
        }
        if (!warnings.isEmpty()) {
            throw corrupt(format, warnings.get(0));
        }
        // Strips at the bottom of an image may be shorter than RowsPerStrip; a stream is never smaller than its block.
        if (raster.getWidth() < width || raster.getHeight() < rows) {
            throw new IllegalArgumentException("the " + format + " image is " + raster.getWidth() + " x " + raster.getHeight()
                    + " pixels, " + width + " x " + rows + " expected");
        }
        return raster;
    }

    private static IllegalArgumentException corrupt(String format, String message) {
        return new IllegalArgumentException("the " + format + " stream is corrupt (" + message.lines().findFirst().orElse("").strip()
                + ")");
    }
}
