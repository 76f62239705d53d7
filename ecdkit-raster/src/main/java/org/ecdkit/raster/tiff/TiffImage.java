package org.ecdkit.raster.tiff;

import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.raster.SampleType;

/**
 * The structure of one TIFF image, read from its directory and checked: size, samples, type,
 * compression, and where each strip or tile lies. Every block is checked to lie inside the file when
 * the image is opened, so a truncated file is refused before any pixel is read.
 *
 * @param width        columns
 * @param height       rows
 * @param samples      samples (bands) per pixel
 * @param type         sample type
 * @param bandPlanes   whether bands are stored in separate planes (PlanarConfiguration 2)
 * @param compression  TIFF compression code
 * @param predictor    TIFF predictor code
 * @param tiled        tiles rather than strips
 * @param blockWidth   tile width, or the image width for strips
 * @param blockHeight  tile height, or rows per strip
 * @param offsets      each block's offset; plane after plane when bands are separate
 * @param byteCounts   each block's stored size
 * @param photometric  TIFF PhotometricInterpretation (6: YCbCr, only with JPEG)
 */
record TiffImage(int width, int height, int samples, SampleType type, int bits, boolean bandPlanes, int compression,
        int predictor, boolean tiled, int blockWidth, int blockHeight, long[] offsets, long[] byteCounts, int photometric) {

    static final int PHOTOMETRIC_YCBCR = 6;

    TiffImage {
        offsets = offsets.clone();
        byteCounts = byteCounts.clone();
    }

    /** Each block's offset, in a new array. */
    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    /** Each block's stored size, in a new array. */
    @Override
    public long[] byteCounts() {
        return byteCounts.clone();
    }

    /** Block {@code index}'s offset. */
    long offset(int index) {
        return offsets[index];
    }

    /** Block {@code index}'s stored size. */
    long byteCount(int index) {
        return byteCounts[index];
    }

    /** The largest decoded block accepted (a strip of a whole large image is refused). */
    static final long MAX_BLOCK_BYTES = 256L << 20;

    static TiffImage read(TiffDirectory directory) {
        TiffFile file = directory.file();
        long width = directory.requiredInteger(TiffTag.IMAGE_WIDTH);
        long height = directory.requiredInteger(TiffTag.IMAGE_LENGTH);
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw file.invalid(directory.offset(), "an image of " + width + " x " + height + " pixels");
        }
        long samples = directory.integer(TiffTag.SAMPLES_PER_PIXEL, 1);
        if (samples < 1 || samples > 65_535) {
            throw file.invalid(directory.offset(), samples + " samples per pixel");
        }
        SampleType type = sampleType(directory, (int) samples);
        int bits = (int) bitsPerSample(directory, (int) samples);
        int compression = (int) directory.integer(TiffTag.COMPRESSION, Compression.NONE);
        if (!Compression.supported(compression)) {
            throw unsupported(file, "compression " + Compression.name(compression)
                    + " is not supported (ecdkit reads none, LZW, Deflate, PackBits, LZMA, ZSTD, JPEG and lossless WebP)" + Compression.hint(compression));
        }
        int photometric = (int) directory.integer(TiffTag.PHOTOMETRIC, 1);
        if (compression == Compression.JPEG && (type != SampleType.UINT8 || bits != 8)) {
            throw unsupported(file, bits + "-bit JPEG (ecdkit reads 8-bit JPEG); convert with gdal_translate -co COMPRESS=DEFLATE");
        }
        if (compression == Compression.WEBP && (type != SampleType.UINT8 || bits != 8 || planes(directory))) {
            throw unsupported(file, "WebP with " + bits + "-bit or band-interleaved samples (GDAL writes WebP as pixel-interleaved "
                    + "bytes); convert with gdal_translate -co COMPRESS=DEFLATE");
        }
        if (photometric == PHOTOMETRIC_YCBCR && compression != Compression.JPEG) {
            throw unsupported(file, "YCbCr samples without JPEG compression; convert with gdal_translate -co COMPRESS=DEFLATE "
                    + "-co PHOTOMETRIC=RGB");
        }
        int predictor = (int) directory.integer(TiffTag.PREDICTOR, Predictor.NONE);
        if (predictor < 1 || predictor > 3 || predictor == Predictor.FLOATING_POINT && !type.isFloatingPoint()) {
            throw unsupported(file, "predictor " + predictor + " with " + type.gdalName() + " samples");
        }
        if (bits != 8 * type.bytes() && (predictor != Predictor.NONE || directory.integer(TiffTag.FILL_ORDER, 1) != 1)) {
            throw unsupported(file, bits + "-bit samples with " + (predictor != Predictor.NONE ? "predictor " + predictor
                    : "the bits of each byte reversed (FillOrder 2)"));
        }
        boolean planes = planes(directory);
        boolean tiled = directory.has(TiffTag.TILE_WIDTH) || directory.has(TiffTag.TILE_OFFSETS);
        long blockWidth;
        long blockHeight;
        if (tiled) {
            blockWidth = directory.requiredInteger(TiffTag.TILE_WIDTH);
            blockHeight = directory.requiredInteger(TiffTag.TILE_LENGTH);
        } else {
            blockWidth = width;
            blockHeight = Math.min(directory.integer(TiffTag.ROWS_PER_STRIP, height), height);
        }
        if (blockWidth < 1 || blockHeight < 1 || blockWidth > 1 << 20 || blockHeight > Integer.MAX_VALUE) {
            throw file.invalid(directory.offset(), "blocks of " + blockWidth + " x " + blockHeight + " pixels");
        }
        long blockBytes = blockWidth * blockHeight * (planes ? 1 : samples) * type.bytes();
        long packedBytes = blockHeight * ((blockWidth * (planes ? 1 : samples) * bits + 7) / 8);
        if (blockBytes > MAX_BLOCK_BYTES) {
            throw unsupported(file, (tiled ? "tiles" : "strips") + " of " + (blockBytes >> 20)
                    + " MiB each; re-tile it (gdal_translate -co TILED=YES)");
        }
        long across = (width + blockWidth - 1) / blockWidth;
        long down = (height + blockHeight - 1) / blockHeight;
        long blocks = across * down * (planes ? samples : 1);
        if (blocks > Integer.MAX_VALUE - 8) {
            throw file.invalid(directory.offset(), blocks + " blocks");
        }
        int offsetsTag = tiled ? TiffTag.TILE_OFFSETS : TiffTag.STRIP_OFFSETS;
        int countsTag = tiled ? TiffTag.TILE_BYTE_COUNTS : TiffTag.STRIP_BYTE_COUNTS;
        long[] offsets = directory.integers(offsetsTag, blocks);
        long[] counts = directory.integers(countsTag, blocks);
        if (offsets.length != blocks) {
            throw file.invalid(directory.offset(), TiffTag.name(offsetsTag) + " lists " + offsets.length + " blocks, "
                    + blocks + " expected for a " + width + " x " + height + " image");
        }
        if (counts.length == 0 && compression == Compression.NONE) {
            counts = new long[offsets.length];
            java.util.Arrays.fill(counts, packedBytes);
        } else if (counts.length != blocks) {
            throw file.invalid(directory.offset(), TiffTag.name(countsTag) + " lists " + counts.length + " blocks, " + blocks + " expected");
        }
        for (int i = 0; i < blocks; i++) {
            if (offsets[i] == 0 && counts[i] == 0) {
                continue; // A sparse block (GDAL's SPARSE_OK): read as zeros.
            }
            if (offsets[i] < 0 || counts[i] < 0 || counts[i] > Integer.MAX_VALUE || offsets[i] + counts[i] > file.size) {
                throw file.invalid(offsets[i], (tiled ? "tile " : "strip ") + i + " (" + counts[i]
                        + " bytes) lies past the end of the file (" + file.size + " bytes): truncated?");
            }
        }
        return new TiffImage((int) width, (int) height, (int) samples, type, bits, planes, compression, predictor, tiled,
                (int) blockWidth, (int) blockHeight, offsets, counts, photometric);
    }

    private static boolean planes(TiffDirectory directory) {
        return directory.integer(TiffTag.PLANAR_CONFIGURATION, 1) == 2;
    }

    private static long bitsPerSample(TiffDirectory directory, int samples) {
        long[] bits = directory.integers(TiffTag.BITS_PER_SAMPLE, samples);
        long bitsPerSample = bits.length == 0 ? 1 : bits[0];
        for (long b : bits) {
            if (b != bitsPerSample) {
                throw unsupported(directory.file(), "bands of different bit depths");
            }
        }
        return bitsPerSample;
    }

    /**
     * The sample type values are read as: the file's own, or for unsigned integers of 1 to 31 bits
     * packed without byte alignment (GDAL's NBITS), the smallest type that holds them.
     */
    private static SampleType sampleType(TiffDirectory directory, int samples) {
        long bitsPerSample = bitsPerSample(directory, samples);
        long[] formats = directory.integers(TiffTag.SAMPLE_FORMAT, samples);
        long format = formats.length == 0 ? 1 : formats[0];
        if (format == 1 && bitsPerSample >= 1 && bitsPerSample < 32 && bitsPerSample % 8 != 0) {
            return bitsPerSample < 8 ? SampleType.UINT8 : bitsPerSample < 16 ? SampleType.UINT16 : SampleType.UINT32;
        }
        SampleType type = switch ((int) (format * 100 + bitsPerSample)) {
            case 108 -> SampleType.UINT8;
            case 208 -> SampleType.INT8;
            case 116 -> SampleType.UINT16;
            case 216 -> SampleType.INT16;
            case 132 -> SampleType.UINT32;
            case 232 -> SampleType.INT32;
            case 332 -> SampleType.FLOAT32;
            case 364 -> SampleType.FLOAT64;
            default -> null;
        };
        if (type == null) {
            String kind = format == 1 ? "unsigned integer" : format == 2 ? "signed integer" : format == 3 ? "floating-point" : "format " + format;
            throw unsupported(directory.file(), bitsPerSample + "-bit " + kind + " samples are not supported");
        }
        return type;
    }

    /** Whether samples are packed across byte boundaries (NBITS), to be unpacked after decompression. */
    boolean packed() {
        return bits != 8 * type.bytes();
    }

    /** The bytes a row of a block takes as stored: packed rows start on a byte boundary. */
    int storedRowBytes() {
        return (blockWidth * samplesPerBlock() * bits + 7) / 8;
    }

    private static UnsupportedInputException unsupported(TiffFile file, String problem) {
        return new UnsupportedInputException(file.origin, problem);
    }

    /** Whether block {@code index} is not stored (offset and size 0: GDAL's sparse files), reading as zeros. */
    boolean unstored(int index) {
        return offsets[index] == 0 && byteCounts[index] == 0;
    }

    int blocksAcross() {
        return (width + blockWidth - 1) / blockWidth;
    }

    int blocksDown() {
        return (height + blockHeight - 1) / blockHeight;
    }

    /** Rows actually stored in block row {@code blockRow}: strips at the bottom may be shorter; tiles never are. */
    int storedRows(int blockRow) {
        return tiled ? blockHeight : Math.min(blockHeight, height - blockRow * blockHeight);
    }

    /** Samples per pixel within one block. */
    int samplesPerBlock() {
        return bandPlanes ? 1 : samples;
    }
}
