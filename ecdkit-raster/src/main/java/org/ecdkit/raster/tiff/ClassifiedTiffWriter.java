package org.ecdkit.raster.tiff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.Deflater;
import org.ecdkit.raster.ColorEntry;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.SampleType;

/**
 * Writes a classified raster as a single-band, tiled, Deflate-compressed GeoTIFF: tiles may arrive in
 * any order and are appended as they come; {@link #finish()} writes the image directory (palette,
 * nodata, and the input's GeoTIFF tags copied verbatim) and points the header at it. BigTIFF is used
 * when the uncompressed image could pass the classic format's 4 GiB.
 *
 * <p>The writer does not own the channel: write through a {@link org.ecdkit.core.io.PendingFile} so
 * a failure leaves no partial output.
 */
public final class ClassifiedTiffWriter {

    /** Uncompressed size above which BigTIFF is written (classic TIFF offsets stop at 4 GiB). */
    static final long BIG_TIFF_THRESHOLD = 3L << 30;

    /**
     * What to write.
     *
     * @param width    columns
     * @param height   rows
     * @param type     UINT8, UINT16 or UINT32
     * @param tileSize the side of the square TIFF tiles (a multiple of 16)
     * @param palette  colours by value; written as a TIFF ColorMap for 8 and 16-bit rasters
     * @param geo      where the raster lies: its GeoTIFF tags are copied verbatim when it has them,
     *                 else its transform and EPSG-coded CRS are encoded
     */
    public record Spec(int width, int height, SampleType type, int tileSize, List<ColorEntry> palette, GeoReference geo) {

        public Spec {
            if (type != SampleType.UINT8 && type != SampleType.UINT16 && type != SampleType.UINT32) {
                throw new IllegalArgumentException("classified rasters are unsigned integers, not " + type);
            }
            if (tileSize <= 0 || tileSize % 16 != 0) {
                throw new IllegalArgumentException("TIFF tiles are a multiple of 16 pixels: " + tileSize);
            }
            palette = List.copyOf(palette);
        }

        public int tilesAcross() {
            return (width + tileSize - 1) / tileSize;
        }

        public int tilesDown() {
            return (height + tileSize - 1) / tileSize;
        }
    }

    private final SeekableByteChannel channel;
    private final Spec spec;
    private final boolean bigTiff;
    private final long[] offsets;
    private final long[] counts;
    private long end;
    private final ThreadLocal<Deflater> deflaters = ThreadLocal.withInitial(() -> new Deflater(6));
    private final java.util.Map<Integer, byte[]> constantTiles = new java.util.concurrent.ConcurrentHashMap<>();

    public ClassifiedTiffWriter(SeekableByteChannel channel, Spec spec) throws IOException {
        this(channel, spec, (long) spec.width() * spec.height() * spec.type().bytes() > BIG_TIFF_THRESHOLD);
    }

    ClassifiedTiffWriter(SeekableByteChannel channel, Spec spec, boolean bigTiff) throws IOException {
        this.channel = channel;
        this.spec = spec;
        this.bigTiff = bigTiff;
        int tiles = spec.tilesAcross() * spec.tilesDown();
        this.offsets = new long[tiles];
        this.counts = new long[tiles];
        ByteBuffer header = ByteBuffer.allocate(bigTiff ? 16 : 8).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I');
        if (bigTiff) {
            header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
        } else {
            header.putShort((short) 42).putInt(0);
        }
        write(header.flip(), 0);
        end = header.capacity();
    }

    public Spec spec() {
        return spec;
    }

    public boolean bigTiff() {
        return bigTiff;
    }

    /**
     * Compresses and appends one tile. {@code values} holds {@code tileSize * tileSize} values, row
     * after row; parts beyond the image's right or bottom edge are written as given (TIFF tiles are
     * always whole). Thread-safe: compression runs in the caller's thread, appending is serialised.
     */
    public void writeTile(int column, int row, int[] values) throws IOException {
        int side = spec.tileSize();
        if (values.length != side * side) {
            throw new IllegalArgumentException("a tile holds " + side * side + " values, not " + values.length);
        }
        byte[] bytes = isConstant(values) ? constantTiles.computeIfAbsent(values[0], v -> compress(encode(values)))
                : compress(encode(values));
        int index = row * spec.tilesAcross() + column;
        long at;
        synchronized (this) {
            at = end;
            end += bytes.length + (bytes.length & 1);
            if (!bigTiff && end > 0xFFFF_FFFFL) {
                throw new IOException("the output passed 4 GiB in classic TIFF; this should not happen below "
                        + (BIG_TIFF_THRESHOLD >> 30) + " GiB uncompressed");
            }
            offsets[index] = at;
            counts[index] = bytes.length;
        }
        write(ByteBuffer.wrap(bytes), at);
    }

    /**
     * A tile of one value (all nodata, or all one class) compresses to the same bytes every time: a
     * sparse continent is written without deflating each of its millions of empty tiles.
     */
    private static boolean isConstant(int[] values) {
        int first = values[0];
        for (int v : values) {
            if (v != first) {
                return false;
            }
        }
        return true;
    }

    private byte[] compress(byte[] raw) {
        Deflater deflater = deflaters.get();
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 4 + 64);
        byte[] chunk = new byte[1 << 16];
        while (!deflater.finished()) {
            int n = deflater.deflate(chunk);
            compressed.write(chunk, 0, n);
        }
        return compressed.toByteArray();
    }

    private byte[] encode(int[] values) {
        int bytes = spec.type().bytes();
        byte[] raw = new byte[values.length * bytes];
        switch (bytes) {
            case 1 -> {
                for (int i = 0; i < values.length; i++) {
                    raw[i] = (byte) values[i];
                }
            }
            case 2 -> {
                for (int i = 0; i < values.length; i++) {
                    raw[2 * i] = (byte) values[i];
                    raw[2 * i + 1] = (byte) (values[i] >>> 8);
                }
            }
            default -> {
                for (int i = 0; i < values.length; i++) {
                    int v = values[i];
                    raw[4 * i] = (byte) v;
                    raw[4 * i + 1] = (byte) (v >>> 8);
                    raw[4 * i + 2] = (byte) (v >>> 16);
                    raw[4 * i + 3] = (byte) (v >>> 24);
                }
            }
        }
        return raw;
    }

    /**
     * Writes the image directory and points the header at it; every tile must have been written. The
     * nodata value is given here because whether one is needed is known only at the end.
     */
    public synchronized void finish(OptionalLong nodata) throws IOException {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == 0) {
                throw new IllegalStateException("tile " + i + " was never written");
            }
        }
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.longs(TiffTag.IMAGE_WIDTH, FieldType.LONG, spec.width()));
        entries.add(Entry.longs(TiffTag.IMAGE_LENGTH, FieldType.LONG, spec.height()));
        entries.add(Entry.longs(TiffTag.BITS_PER_SAMPLE, FieldType.SHORT, spec.type().bits()));
        entries.add(Entry.longs(TiffTag.COMPRESSION, FieldType.SHORT, Compression.DEFLATE));
        boolean palette = !spec.palette().isEmpty() && spec.type() != SampleType.UINT32;
        entries.add(Entry.longs(TiffTag.PHOTOMETRIC, FieldType.SHORT, palette ? 3 : 1));
        entries.add(Entry.longs(TiffTag.SAMPLES_PER_PIXEL, FieldType.SHORT, 1));
        entries.add(Entry.longs(TiffTag.PLANAR_CONFIGURATION, FieldType.SHORT, 1));
        if (palette) {
            entries.add(Entry.longs(TiffTag.COLOR_MAP, FieldType.SHORT, colorMap()));
        }
        entries.add(Entry.longs(TiffTag.TILE_WIDTH, FieldType.SHORT, spec.tileSize()));
        entries.add(Entry.longs(TiffTag.TILE_LENGTH, FieldType.SHORT, spec.tileSize()));
        entries.add(Entry.longs(TiffTag.TILE_OFFSETS, bigTiff ? FieldType.LONG8 : FieldType.LONG, offsets));
        entries.add(Entry.longs(TiffTag.TILE_BYTE_COUNTS, bigTiff ? FieldType.LONG8 : FieldType.LONG, counts));
        entries.add(Entry.longs(TiffTag.SAMPLE_FORMAT, FieldType.SHORT, 1));
        geoTiffTags(spec.geo()).ifPresent(geo -> {
            if (geo.pixelScale() != null) {
                entries.add(Entry.doubles(TiffTag.MODEL_PIXEL_SCALE, geo.pixelScale()));
            }
            if (geo.tiepoints() != null) {
                entries.add(Entry.doubles(TiffTag.MODEL_TIEPOINT, geo.tiepoints()));
            }
            if (geo.transformation() != null) {
                entries.add(Entry.doubles(TiffTag.MODEL_TRANSFORMATION, geo.transformation()));
            }
            if (geo.keyDirectory() != null) {
                entries.add(Entry.longs(TiffTag.GEO_KEY_DIRECTORY, FieldType.SHORT,
                        java.util.Arrays.stream(geo.keyDirectory()).asLongStream().toArray()));
            }
            if (geo.doubleParams() != null) {
                entries.add(Entry.doubles(TiffTag.GEO_DOUBLE_PARAMS, geo.doubleParams()));
            }
            if (geo.asciiParams() != null) {
                entries.add(Entry.ascii(TiffTag.GEO_ASCII_PARAMS, geo.asciiParams()));
            }
        });
        nodata.ifPresent(value -> entries.add(Entry.ascii(TiffTag.GDAL_NODATA, Long.toString(value))));
        spec.geo().rpc().ifPresent(rpc -> entries.add(Entry.doubles(TiffTag.RPC_COEFFICIENTS, rpc.values())));
        entries.sort(java.util.Comparator.comparingInt(Entry::tag));
        writeDirectory(entries);
    }

    /** The tags to write: the source's own where it had them, else an encoding of its transform and CRS. */
    static Optional<GeoTiffTags> geoTiffTags(GeoReference geo) {
        return geo.geoTiffTags().or(() -> geo.transform().map(t -> GeoTiffTags.encode(t, geo.crs())));
    }

    private long[] colorMap() {
        int size = 1 << spec.type().bits();
        long[] map = new long[3 * size];
        for (ColorEntry entry : spec.palette()) {
            if (entry.value() >= 0 && entry.value() < size) {
                int v = (int) entry.value();
                map[v] = entry.red() * 257L;
                map[size + v] = entry.green() * 257L;
                map[2 * size + v] = entry.blue() * 257L;
            }
        }
        return map;
    }

    private void writeDirectory(List<Entry> entries) throws IOException {
        int inlineBytes = bigTiff ? 8 : 4;
        // Values too large for their entry go first, each at an even offset, then the directory.
        long[] valueOffsets = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            byte[] value = entries.get(i).bytes;
            if (value.length > inlineBytes) {
                valueOffsets[i] = end;
                write(ByteBuffer.wrap(value), end);
                end += value.length + (value.length & 1);
            }
        }
        int entrySize = bigTiff ? 20 : 12;
        ByteBuffer directory = ByteBuffer.allocate((bigTiff ? 8 : 2) + entries.size() * entrySize + (bigTiff ? 8 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (bigTiff) {
            directory.putLong(entries.size());
        } else {
            directory.putShort((short) entries.size());
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            directory.putShort((short) entry.tag).putShort((short) entry.type);
            if (bigTiff) {
                directory.putLong(entry.count);
            } else {
                directory.putInt((int) entry.count);
            }
            byte[] inline = new byte[inlineBytes];
            if (entry.bytes.length <= inlineBytes) {
                System.arraycopy(entry.bytes, 0, inline, 0, entry.bytes.length);
                directory.put(inline);
            } else if (bigTiff) {
                directory.putLong(valueOffsets[i]);
            } else {
                directory.putInt((int) valueOffsets[i]);
            }
        }
        // The next directory's offset: none follows. Left out, GDAL still reads the file; GeoTools does not.
        if (bigTiff) {
            directory.putLong(0);
        } else {
            directory.putInt(0);
        }
        long directoryOffset = end;
        write(directory.flip(), directoryOffset);
        end += directory.capacity();
        ByteBuffer pointer = ByteBuffer.allocate(bigTiff ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (bigTiff) {
            pointer.putLong(directoryOffset);
        } else {
            pointer.putInt((int) directoryOffset);
        }
        write(pointer.flip(), bigTiff ? 8 : 4);
    }

    private void write(ByteBuffer buffer, long position) throws IOException {
        synchronized (channel) {
            channel.position(position);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** One directory entry with its value encoded little-endian. */
    private record Entry(int tag, int type, long count, byte[] bytes) {

        Entry {
            bytes = bytes.clone();
        }

        static Entry longs(int tag, int type, long... values) {
            int size = FieldType.size(type);
            ByteBuffer buffer = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
            for (long value : values) {
                switch (size) {
                    case 2 -> buffer.putShort((short) value);
                    case 4 -> buffer.putInt((int) value);
                    default -> buffer.putLong(value);
                }
            }
            return new Entry(tag, type, values.length, buffer.array());
        }

        static Entry doubles(int tag, double[] values) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double value : values) {
                buffer.putDouble(value);
            }
            return new Entry(tag, FieldType.DOUBLE, values.length, buffer.array());
        }

        static Entry ascii(int tag, String text) {
            byte[] bytes = (text + '\0').getBytes(StandardCharsets.ISO_8859_1);
            return new Entry(tag, FieldType.ASCII, bytes.length, bytes);
        }
    }
}
