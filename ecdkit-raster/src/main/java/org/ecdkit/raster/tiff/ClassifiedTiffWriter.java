package org.ecdkit.raster.tiff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.ecdkit.raster.ColorEntry;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.SampleType;

/**
 * Writes a classified raster as a single-band, tiled, Deflate-compressed Cloud Optimized GeoTIFF, laid
 * out as GDAL's COG driver lays one out: the header, GDAL's structural metadata ("ghost area"), every
 * image directory (the image, then its overviews, largest first), then the tiles of the smallest
 * overview up to the full image's, each row-major with GDAL's 4-byte size leader and trailer. Tiles
 * arrive in any order during a run and go to a spool file beside the output; {@link #finish} builds
 * the overviews from them (each pixel the most frequent class of the 2 x 2 below it, nodata left out)
 * and writes the file in order. BigTIFF is used when the uncompressed image could pass the classic
 * format's 4 GiB.
 *
 * <p>The writer does not own the output channel: write through a {@link org.ecdkit.core.io.PendingFile}
 * so a failure leaves no partial output. Close the writer to delete its spool.
 */
public final class ClassifiedTiffWriter implements AutoCloseable {

    /** Uncompressed size above which BigTIFF is written (classic TIFF offsets stop at 4 GiB). */
    static final long BIG_TIFF_THRESHOLD = 3L << 30;
    /** GDAL's COG layout promises, read by GDAL (and its COG validator) from the start of the file. */
    static final String STRUCTURAL_METADATA = "LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\n"
            + "BLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n";
    /** NewSubfileType of an overview: a reduced-resolution image. */
    private static final int REDUCED_RESOLUTION = 1;

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

    /** One resolution: the image (level 0) or an overview, with where each of its tiles lies in the spool. */
    private static final class Level {
        final int width;
        final int height;
        final int across;
        final int down;
        final long[] spooled;
        final long[] counts;

        Level(int width, int height, int tile) {
            this.width = width;
            this.height = height;
            this.across = (width + tile - 1) / tile;
            this.down = (height + tile - 1) / tile;
            this.spooled = new long[across * down];
            this.counts = new long[across * down];
            java.util.Arrays.fill(spooled, -1);
        }
    }

    private final SeekableByteChannel output;
    private final FileChannel spool;
    private final Spec spec;
    private final boolean bigTiff;
    private final List<Level> levels = new ArrayList<>();
    private long spoolEnd;
    /** zlib's level 6, its default: the same level everywhere, so a tile's bytes do not depend on who deflated it. */
    private static final int DEFLATE_LEVEL = 6;
    private final ThreadLocal<Deflater> deflaters = ThreadLocal.withInitial(() -> new Deflater(DEFLATE_LEVEL));
    private final java.util.Map<Integer, byte[]> constantTiles = new java.util.concurrent.ConcurrentHashMap<>();

    /** A writer whose spool lies in the system's temporary folder. */
    public ClassifiedTiffWriter(SeekableByteChannel output, Spec spec) throws IOException {
        this(output, spec, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A writer whose spool lies in {@code spoolFolder}: the output's own folder, so it is on the same disk. */
    public ClassifiedTiffWriter(SeekableByteChannel output, Spec spec, Path spoolFolder) throws IOException {
        this(output, spec, (long) spec.width() * spec.height() * spec.type().bytes() > BIG_TIFF_THRESHOLD, spoolFolder);
    }

    ClassifiedTiffWriter(SeekableByteChannel output, Spec spec, boolean bigTiff, Path spoolFolder) throws IOException {
        this.output = output;
        this.spec = spec;
        this.bigTiff = bigTiff;
        Path spoolFile = Files.createTempFile(spoolFolder, ".ecdkit-tiles-", ".spool");
        this.spool = FileChannel.open(spoolFile, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        int width = spec.width();
        int height = spec.height();
        levels.add(new Level(width, height, spec.tileSize()));
        // Overviews halve the image until one tile holds it, as GDAL's COG driver builds them.
        while (width > spec.tileSize() || height > spec.tileSize()) {
            width = (width + 1) / 2;
            height = (height + 1) / 2;
            levels.add(new Level(width, height, spec.tileSize()));
        }
    }

    public Spec spec() {
        return spec;
    }

    public boolean bigTiff() {
        return bigTiff;
    }

    /** How many overviews {@link #finish} writes: one per halving until a tile holds the image. */
    public int overviewCount() {
        return levels.size() - 1;
    }

    /**
     * Compresses and spools one tile. {@code values} holds {@code tileSize * tileSize} values, row
     * after row; parts beyond the image's right or bottom edge are written as given (TIFF tiles are
     * always whole). Thread-safe: compression runs in the caller's thread, spooling is serialised.
     */
    public void writeTile(int column, int row, int[] values) throws IOException {
        int side = spec.tileSize();
        if (values.length != side * side) {
            throw new IllegalArgumentException("a tile holds " + side * side + " values, not " + values.length);
        }
        spoolTile(levels.get(0), row * spec.tilesAcross() + column, compressed(values));
    }

    /**
     * One tile exactly as {@link #writeTile} stores it for a raster of sample type {@code type}:
     * encoded and deflated. A task that computes part of a raster elsewhere (ecdkit-spark) sends these
     * bytes, and {@link #writeEncodedTile} stores them unchanged, so the file is the one machine's.
     */
    public static byte[] encodeTile(SampleType type, int[] values) {
        Deflater deflater = new Deflater(DEFLATE_LEVEL);
        try {
            return compress(deflater, encode(type, values));
        } finally {
            deflater.end();
        }
    }

    /** Spools a tile {@link #encodeTile} encoded for this writer's sample type. */
    public void writeEncodedTile(int column, int row, byte[] encoded) throws IOException {
        if (column < 0 || column >= spec.tilesAcross() || row < 0 || row >= spec.tilesDown()) {
            throw new IllegalArgumentException("no tile (" + column + ", " + row + ") in " + spec.tilesAcross() + " x "
                    + spec.tilesDown());
        }
        spoolTile(levels.get(0), row * spec.tilesAcross() + column, encoded.clone());
    }

    private void spoolTile(Level level, int index, byte[] bytes) throws IOException {
        long at;
        synchronized (this) {
            at = spoolEnd;
            spoolEnd += bytes.length;
            level.spooled[index] = at;
            level.counts[index] = bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            spool.write(buffer, at + buffer.position());
        }
    }

    /** A tile's values encoded and deflated; a tile of one value is deflated once per value and run. */
    private byte[] compressed(int[] values) {
        return isConstant(values) ? constantTiles.computeIfAbsent(values[0], v -> compress(deflaters.get(), encode(spec.type(), values)))
                : compress(deflaters.get(), encode(spec.type(), values));
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

    private static byte[] compress(Deflater deflater, byte[] raw) {
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

    private static byte[] encode(SampleType type, int[] values) {
        int bytes = type.bytes();
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
     * Builds the overviews and writes the whole file; every tile must have been written. The nodata
     * value is given here because whether one is needed is known only at the end, and so is
     * {@code gdalMetadata}, the GDAL_METADATA tag's XML (the attribute table, with its counts), or null.
     */
    public synchronized void finish(OptionalLong nodata, String gdalMetadata) throws IOException {
        Level full = levels.get(0);
        for (int i = 0; i < full.spooled.length; i++) {
            if (full.spooled[i] < 0) {
                throw new IllegalStateException("tile " + i + " was never written");
            }
        }
        for (int l = 1; l < levels.size(); l++) {
            buildOverview(levels.get(l - 1), levels.get(l), nodata);
        }
        byte[] ghost = ghostArea();
        long directoriesStart = (bigTiff ? 16 : 8) + ghost.length;
        // The directories' size does not depend on the offsets they hold: lay them out once with
        // placeholders to learn where the data starts, then for real.
        List<byte[]> placeholder = directories(directoriesStart, new long[levels.size()][], nodata, gdalMetadata);
        long dataStart = directoriesStart + placeholder.stream().mapToLong(d -> d.length).sum();
        long[][] offsets = new long[levels.size()][];
        long at = dataStart;
        for (int l = levels.size() - 1; l >= 0; l--) {
            Level level = levels.get(l);
            offsets[l] = new long[level.counts.length];
            for (int i = 0; i < level.counts.length; i++) {
                offsets[l][i] = at + 4;
                at += 4 + level.counts[i] + 4;
            }
        }
        if (!bigTiff && at > 0xFFFF_FFFFL) {
            throw new IOException("the output passed 4 GiB in classic TIFF; this should not happen below "
                    + (BIG_TIFF_THRESHOLD >> 30) + " GiB uncompressed");
        }
        List<byte[]> directories = directories(directoriesStart, offsets, nodata, gdalMetadata);
        ByteBuffer header = ByteBuffer.allocate(bigTiff ? 16 : 8).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I');
        if (bigTiff) {
            header.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(directoriesStart);
        } else {
            header.putShort((short) 42).putInt((int) directoriesStart);
        }
        output.position(0);
        writeAll(header.flip());
        writeAll(ByteBuffer.wrap(ghost));
        for (byte[] directory : directories) {
            writeAll(ByteBuffer.wrap(directory));
        }
        for (int l = levels.size() - 1; l >= 0; l--) {
            copyTiles(levels.get(l));
        }
    }

    /** The ghost area: GDAL's "GDAL_STRUCTURAL_METADATA_SIZE=nnnnnn bytes" line and the layout it promises, of even length. */
    private static byte[] ghostArea() {
        String text = "GDAL_STRUCTURAL_METADATA_SIZE=" + String.format("%06d", STRUCTURAL_METADATA.length()) + " bytes\n"
                + STRUCTURAL_METADATA;
        if (text.length() % 2 == 1) {
            text += " ";
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Each level's tiles, row-major, each between its size (leader) and its last 4 bytes repeated (trailer). */
    private void copyTiles(Level level) throws IOException {
        for (int i = 0; i < level.counts.length; i++) {
            int count = (int) level.counts[i];
            ByteBuffer tile = ByteBuffer.allocate(4 + count + 4).order(ByteOrder.LITTLE_ENDIAN);
            tile.putInt(count);
            tile.limit(4 + count);
            while (tile.hasRemaining()) {
                if (spool.read(tile, level.spooled[i] + tile.position() - 4) < 0) {
                    throw new IOException("the spool of tiles ends early");
                }
            }
            tile.limit(tile.capacity());
            for (int k = 0; k < 4; k++) {
                tile.put(count >= 4 ? tile.get(4 + count - 4 + k) : 0);
            }
            writeAll(tile.flip());
        }
    }

    /**
     * Builds {@code coarse} from {@code fine}, tile by tile: each pixel is the most frequent value of
     * the (up to) 2 x 2 pixels below it, nodata left out unless all are nodata; ties go to the value
     * met first in reading order. Mean or nearest-neighbour would invent or drop classes.
     */
    private void buildOverview(Level fine, Level coarse, OptionalLong nodata) throws IOException {
        int side = spec.tileSize();
        long missing = nodata.orElse(-1);
        int[] below = new int[4];
        int[][] children = new int[4][];
        for (int row = 0; row < coarse.down; row++) {
            for (int column = 0; column < coarse.across; column++) {
                for (int c = 0; c < 4; c++) {
                    int childColumn = 2 * column + (c & 1);
                    int childRow = 2 * row + (c >> 1);
                    children[c] = childColumn < fine.across && childRow < fine.down ? decode(fine, childRow * fine.across + childColumn) : null;
                }
                int[] values = new int[side * side];
                int fill = nodata.isPresent() ? (int) missing : 0;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int gx = column * side + x;
                        int gy = row * side + y;
                        if (gx >= coarse.width || gy >= coarse.height) {
                            values[y * side + x] = fill;
                            continue;
                        }
                        int n = 0;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                int fx = 2 * gx + dx;
                                int fy = 2 * gy + dy;
                                if (fx < fine.width && fy < fine.height) {
                                    int[] child = children[(fy / side - 2 * row) * 2 + (fx / side - 2 * column)];
                                    int value = child[(fy % side) * side + fx % side];
                                    if (!nodata.isPresent() || value != (int) missing) {
                                        below[n++] = value;
                                    }
                                }
                            }
                        }
                        values[y * side + x] = n == 0 ? fill : mode(below, n);
                    }
                }
                spoolTile(coarse, row * coarse.across + column, compressed(values));
            }
        }
    }

    /** The most frequent of the first {@code n} values; the first met wins a tie. */
    private static int mode(int[] values, int n) {
        int best = values[0];
        int bestCount = 0;
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int j = 0; j < n; j++) {
                count += values[j] == values[i] ? 1 : 0;
            }
            if (count > bestCount) {
                best = values[i];
                bestCount = count;
            }
        }
        return best;
    }

    /** A spooled tile's values, inflated again. */
    private int[] decode(Level level, int index) throws IOException {
        ByteBuffer stored = ByteBuffer.allocate((int) level.counts[index]);
        while (stored.hasRemaining()) {
            if (spool.read(stored, level.spooled[index] + stored.position()) < 0) {
                throw new IOException("the spool of tiles ends early");
            }
        }
        int side = spec.tileSize();
        int bytes = spec.type().bytes();
        byte[] raw = new byte[side * side * bytes];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored.array());
            int done = 0;
            while (done < raw.length && !inflater.finished()) {
                done += inflater.inflate(raw, done, raw.length - done);
            }
        } catch (DataFormatException e) {
            throw new IOException("a spooled tile does not inflate (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int[] values = new int[side * side];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (bytes) {
                case 1 -> raw[i] & 0xFF;
                case 2 -> in.getShort(2 * i) & 0xFFFF;
                default -> in.getInt(4 * i);
            };
        }
        return values;
    }

    /** Every level's directory, each followed by its values too long for their entries, laid from {@code start} on. */
    private List<byte[]> directories(long start, long[][] offsets, OptionalLong nodata, String gdalMetadata) {
        List<byte[]> directories = new ArrayList<>();
        long at = start;
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            long[] tileOffsets = offsets[l] == null ? new long[level.counts.length] : offsets[l];
            List<Entry> entries = entries(l, tileOffsets, nodata, gdalMetadata);
            int directoryBytes = (bigTiff ? 8 : 2) + entries.size() * (bigTiff ? 20 : 12) + (bigTiff ? 8 : 4);
            long valuesBytes = 0;
            for (Entry entry : entries) {
                valuesBytes += entry.bytes.length > (bigTiff ? 8 : 4) ? entry.bytes.length + (entry.bytes.length & 1) : 0;
            }
            long next = l + 1 < levels.size() ? at + directoryBytes + valuesBytes : 0;
            directories.add(directory(entries, at, next));
            at += directoryBytes + valuesBytes;
        }
        return directories;
    }

    private List<Entry> entries(int l, long[] tileOffsets, OptionalLong nodata, String gdalMetadata) {
        Level level = levels.get(l);
        List<Entry> entries = new ArrayList<>();
        if (l > 0) {
            entries.add(Entry.longs(TiffTag.NEW_SUBFILE_TYPE, FieldType.LONG, REDUCED_RESOLUTION));
        }
        entries.add(Entry.longs(TiffTag.IMAGE_WIDTH, FieldType.LONG, level.width));
        entries.add(Entry.longs(TiffTag.IMAGE_LENGTH, FieldType.LONG, level.height));
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
        entries.add(Entry.longs(TiffTag.TILE_OFFSETS, bigTiff ? FieldType.LONG8 : FieldType.LONG, tileOffsets));
        entries.add(Entry.longs(TiffTag.TILE_BYTE_COUNTS, bigTiff ? FieldType.LONG8 : FieldType.LONG, level.counts));
        entries.add(Entry.longs(TiffTag.SAMPLE_FORMAT, FieldType.SHORT, 1));
        if (l == 0) {
            geoTiffTags(spec.geo()).ifPresent(geo -> addGeoTiffTags(entries, geo));
            spec.geo().rpc().ifPresent(rpc -> entries.add(Entry.doubles(TiffTag.RPC_COEFFICIENTS, rpc.values())));
            if (gdalMetadata != null) {
                entries.add(Entry.ascii(TiffTag.GDAL_METADATA, gdalMetadata));
            }
        }
        nodata.ifPresent(value -> entries.add(Entry.ascii(TiffTag.GDAL_NODATA, Long.toString(value))));
        entries.sort(java.util.Comparator.comparingInt(Entry::tag));
        return entries;
    }

    private static void addGeoTiffTags(List<Entry> entries, GeoTiffTags geo) {
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

    /** One directory at {@code at}: its entries, the next directory's offset ({@code next}, 0 for none), then its long values. */
    private byte[] directory(List<Entry> entries, long at, long next) {
        int inlineBytes = bigTiff ? 8 : 4;
        int entrySize = bigTiff ? 20 : 12;
        int directoryBytes = (bigTiff ? 8 : 2) + entries.size() * entrySize + inlineBytes;
        int valuesBytes = 0;
        for (Entry entry : entries) {
            valuesBytes += entry.bytes.length > inlineBytes ? entry.bytes.length + (entry.bytes.length & 1) : 0;
        }
        ByteBuffer out = ByteBuffer.allocate(directoryBytes + valuesBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bigTiff) {
            out.putLong(entries.size());
        } else {
            out.putShort((short) entries.size());
        }
        long valueAt = at + directoryBytes;
        int valuePosition = directoryBytes;
        for (Entry entry : entries) {
            out.putShort((short) entry.tag).putShort((short) entry.type);
            if (bigTiff) {
                out.putLong(entry.count);
            } else {
                out.putInt((int) entry.count);
            }
            if (entry.bytes.length <= inlineBytes) {
                byte[] inline = new byte[inlineBytes];
                System.arraycopy(entry.bytes, 0, inline, 0, entry.bytes.length);
                out.put(inline);
            } else {
                if (bigTiff) {
                    out.putLong(valueAt);
                } else {
                    out.putInt((int) valueAt);
                }
                out.put(valuePosition, entry.bytes);
                int padded = entry.bytes.length + (entry.bytes.length & 1);
                valueAt += padded;
                valuePosition += padded;
            }
        }
        // The next directory's offset; left out, GDAL still reads the file, GeoTools does not.
        if (bigTiff) {
            out.putLong(next);
        } else {
            out.putInt((int) next);
        }
        return out.array();
    }

    private void writeAll(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            output.write(buffer);
        }
    }

    /** Deletes the spool. */
    @Override
    public void close() throws IOException {
        spool.close();
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
            byte[] bytes = (text + '\0').getBytes(StandardCharsets.UTF_8);
            return new Entry(tag, FieldType.ASCII, bytes.length, bytes);
        }
    }
}
