package org.ecdkit.raster.tiff;

/**
 * How an image's stored blocks become samples, chosen once when the image is opened: a byte-stream
 * compression ({@link Compression}), or an image codec that needs the block's shape and the
 * directory's own tables (JPEG, WebP).
 */
interface BlockCodec {

    /**
     * Decodes one stored block of {@code width} x {@code rows} pixels of {@code samples} samples,
     * {@code expected} bytes once decoded.
     *
     * @throws IllegalArgumentException with a short reason when the data is corrupt or of another size
     */
    byte[] decode(byte[] data, int width, int rows, int samples, int expected);

    static BlockCodec of(TiffImage image, TiffDirectory directory) {
        return switch (image.compression()) {
            case Compression.JPEG -> {
                JpegBlocks jpeg = new JpegBlocks(directory.bytes(TiffTag.JPEG_TABLES, 1 << 20),
                        image.photometric() == TiffImage.PHOTOMETRIC_YCBCR);
                yield (data, width, rows, samples, expected) -> jpeg.decode(data, width, rows, samples);
            }
            case Compression.WEBP -> (data, width, rows, samples, expected) -> WebpBlocks.decode(data, width, rows, samples);
            default -> (data, width, rows, samples, expected) -> Compression.decode(image.compression(), data, expected);
        };
    }
}
