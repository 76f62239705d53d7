package org.ecdkit.raster.tiff;

import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZInputStream;

/**
 * Decoders for the TIFF compressions ecdkit reads: none (1), LZW (5), Deflate (8 and the old
 * 32946), PackBits (32773), LZMA (34925, an .xz stream as libtiff writes it; XZ for Java) and ZSTD
 * (50000, one Zstandard frame; aircompressor's pure-Java decoder). Each writes at most
 * {@code expected} bytes, so a hostile stream cannot make it allocate more than the block's declared
 * size; LZMA's dictionary, which the stream's header sizes, is held to {@link #LZMA_MEMORY_KIB}.
 */
final class Compression {
    static final int NONE = 1;
    static final int LZW = 5;
    /** Decoded by {@link JpegBlocks}, which needs the directory's tables and colour space, not here. */
    static final int JPEG = 7;
    static final int DEFLATE = 8;
    static final int DEFLATE_OLD = 32946;
    static final int PACKBITS = 32773;
    static final int LZMA = 34925;
    static final int ZSTD = 50000;
    /** Decoded by {@link WebpBlocks}: each block is a whole WebP image, not a byte stream. */
    static final int WEBP = 50001;
    /**
     * The most memory an LZMA block's decoder may take, in KiB: GDAL's presets 0 to 9 need 1 to 65
     * MiB; a header asking for more is refused, not obeyed.
     */
    static final int LZMA_MEMORY_KIB = 96 * 1024;

    private Compression() {
    }

    static boolean supported(int compression) {
        return compression == NONE || compression == LZW || compression == JPEG || compression == WEBP || compression == DEFLATE || compression == DEFLATE_OLD
                || compression == PACKBITS || compression == LZMA || compression == ZSTD;
    }

    static String name(int compression) {
        return switch (compression) {
            case NONE -> "none";
            case 2 -> "CCITT RLE";
            case 3, 4 -> "CCITT fax";
            case LZW -> "LZW";
            case 6 -> "old-style JPEG";
            case JPEG -> "JPEG";
            case DEFLATE, DEFLATE_OLD -> "Deflate";
            case PACKBITS -> "PackBits";
            case 34887 -> "LERC";
            case LZMA -> "LZMA";
            case ZSTD -> "ZSTD";
            case WEBP -> "WebP";
            case 50002 -> "JPEG-XL";
            default -> "code " + compression;
        };
    }

    /**
     * How to make a file of an unread compression readable, as the end of a sentence: the GDAL command
     * that rewrites it losslessly from what GDAL decodes.
     */
    static String hint(int compression) {
        String convert = "; convert with gdal_translate -co TILED=YES -co COMPRESS=DEFLATE IN.tif OUT.tif";
        return switch (compression) {
            case 34887 -> "; LERC (and LERC_DEFLATE, LERC_ZSTD) has no maintained Java decoder" + convert
                    + " (the values GDAL decodes are kept exactly)";
            case 50002 -> "; JPEG-XL has no maintained Java decoder" + convert;
            default -> convert;
        };
    }

    /**
     * Decodes {@code data} into exactly {@code expected} bytes.
     *
     * @throws IllegalArgumentException with a short reason when the data is corrupt or too short
     */
    static byte[] decode(int compression, byte[] data, int expected) {
        return switch (compression) {
            case NONE -> none(data, expected);
            case LZW -> lzw(data, expected);
            case DEFLATE, DEFLATE_OLD -> inflate(data, expected);
            case PACKBITS -> packBits(data, expected);
            case LZMA -> lzma(data, expected);
            case ZSTD -> zstd(data, expected);
            default -> throw new IllegalArgumentException("unsupported compression " + name(compression));
        };
    }

    private static byte[] none(byte[] data, int expected) {
        if (data.length < expected) {
            throw new IllegalArgumentException("holds " + data.length + " bytes, " + expected + " expected");
        }
        return data.length == expected ? data : java.util.Arrays.copyOf(data, expected);
    }

    private static byte[] zstd(byte[] data, int expected) {
        ZstdDecompressor decoder = new ZstdDecompressor();
        long stated;
        try {
            stated = ZstdDecompressor.getDecompressedSize(data, 0, data.length);
        } catch (RuntimeException e) {
            throw corrupt("ZSTD", e);
        }
        // The frame's own size, where it states one, must be the block's: the output never grows.
        if (stated >= 0 && stated != expected) {
            throw new IllegalArgumentException("the ZSTD frame holds " + stated + " bytes, " + expected + " expected");
        }
        byte[] out = new byte[expected];
        int done;
        try {
            done = decoder.decompress(data, 0, data.length, out, 0, expected);
        } catch (RuntimeException e) {
            throw corrupt("ZSTD", e);
        }
        if (done != expected) {
            throw new IllegalArgumentException("the ZSTD stream ends after " + done + " of " + expected + " bytes");
        }
        return out;
    }

    private static byte[] lzma(byte[] data, int expected) {
        byte[] out = new byte[expected];
        try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(data), LZMA_MEMORY_KIB)) {
            int done = in.readNBytes(out, 0, expected);
            if (done != expected) {
                throw new IllegalArgumentException("the LZMA stream ends after " + done + " of " + expected + " bytes");
            }
            return out;
        } catch (MemoryLimitException e) {
            throw new IllegalArgumentException("the LZMA stream asks for " + e.getMemoryNeeded() / 1024 + " MiB to decode, more than "
                    + LZMA_MEMORY_KIB / 1024 + " MiB");
        } catch (IOException e) {
            throw corrupt("LZMA", e);
        }
    }

    /** A decoder's own complaint about a stream, as one line. */
    private static IllegalArgumentException corrupt(String format, Exception e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new IllegalArgumentException("the " + format + " stream is corrupt (" + message.lines().findFirst().orElse("").strip()
                + ")");
    }

    private static byte[] inflate(byte[] data, int expected) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            byte[] out = new byte[expected];
            int done = 0;
            while (done < expected) {
                int n = inflater.inflate(out, done, expected - done);
                if (n == 0) {
                    if (inflater.finished() || inflater.needsInput()) {
                        throw new IllegalArgumentException("the Deflate stream ends after " + done + " of " + expected + " bytes");
                    }
                    if (inflater.needsDictionary()) {
                        throw new IllegalArgumentException("the Deflate stream needs a preset dictionary");
                    }
                }
                done += n;
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt Deflate data (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static byte[] packBits(byte[] data, int expected) {
        byte[] out = new byte[expected];
        int in = 0;
        int done = 0;
        while (done < expected) {
            if (in >= data.length) {
                throw new IllegalArgumentException("the PackBits data ends after " + done + " of " + expected + " bytes");
            }
            int header = data[in++];
            if (header >= 0) {
                int count = header + 1;
                if (in + count > data.length || done + count > expected) {
                    throw new IllegalArgumentException("a PackBits literal run overflows");
                }
                System.arraycopy(data, in, out, done, count);
                in += count;
                done += count;
            } else if (header != -128) {
                int count = 1 - header;
                if (in >= data.length || done + count > expected) {
                    throw new IllegalArgumentException("a PackBits repeat run overflows");
                }
                java.util.Arrays.fill(out, done, done + count, data[in++]);
                done += count;
            }
        }
        return out;
    }

    /** TIFF's LZW: codes MSB first, 9 to 12 bits wide, widened one code early (TIFF 6.0 section 13). */
    private static byte[] lzw(byte[] data, int expected) {
        final int clear = 256;
        final int end = 257;
        byte[] out = new byte[expected];
        int[] prefix = new int[4096];
        byte[] suffix = new byte[4096];
        int[] length = new int[4096];
        for (int i = 0; i < 256; i++) {
            suffix[i] = (byte) i;
            length[i] = 1;
        }
        int next = 258;
        int width = 9;
        int previous = -1;
        int done = 0;
        long bitPosition = 0;
        long bits = (long) data.length * 8;
        while (done < expected) {
            if (bitPosition + width > bits) {
                throw new IllegalArgumentException("the LZW data ends after " + done + " of " + expected + " bytes");
            }
            int code = readBits(data, bitPosition, width);
            bitPosition += width;
            if (code == end) {
                break;
            }
            if (code == clear) {
                next = 258;
                width = 9;
                previous = -1;
                continue;
            }
            int first;
            if (previous < 0) {
                if (code > 255) {
                    throw new IllegalArgumentException("an LZW stream that starts with code " + code);
                }
                out[done++] = (byte) code;
                previous = code;
                continue;
            }
            if (code < next) {
                done = emit(code, prefix, suffix, length, out, done);
                first = firstByte(code, prefix, suffix);
            } else if (code == next) {
                first = firstByte(previous, prefix, suffix);
                done = emit(previous, prefix, suffix, length, out, done);
                if (done < expected) {
                    out[done++] = (byte) first;
                }
            } else {
                throw new IllegalArgumentException("LZW code " + code + " is not in the table yet (corrupt data)");
            }
            if (next < 4096) {
                prefix[next] = previous;
                suffix[next] = (byte) first;
                length[next] = length[previous] + 1;
                next++;
            }
            // TIFF widens codes one entry early: at 511, 1023 and 2047 rather than 512, 1024, 2048.
            if (next >= 511 && width == 9 || next >= 1023 && width == 10 || next >= 2047 && width == 11) {
                width++;
            }
            previous = code;
        }
        if (done < expected) {
            throw new IllegalArgumentException("the LZW data ends after " + done + " of " + expected + " bytes");
        }
        return out;
    }

    private static int emit(int code, int[] prefix, byte[] suffix, int[] length, byte[] out, int done) {
        int n = length[code];
        int end = Math.min(done + n, out.length);
        int position = done + n - 1;
        for (int c = code; c >= 0 && position >= done; c = c > 255 ? prefix[c] : -1) {
            if (position < end) {
                out[position] = suffix[c];
            }
            position--;
        }
        return end;
    }

    private static int firstByte(int code, int[] prefix, byte[] suffix) {
        int c = code;
        while (c > 255) {
            c = prefix[c];
        }
        return suffix[c] & 0xFF;
    }

    private static int readBits(byte[] data, long bitPosition, int width) {
        int value = 0;
        for (int i = 0; i < width; i++) {
            long bit = bitPosition + i;
            int b = data[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7)) & 1;
            value = value << 1 | b;
        }
        return value;
    }
}
