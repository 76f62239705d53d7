package org.ecdkit.core.zip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;

/**
 * A zip archive read from its central directory with limits (APPNOTE.TXT 6.3: end of central
 * directory, ZIP64 end record and locator, central directory headers, local headers). Nothing is
 * allocated from a declared size before the size is checked against the file and the
 * {@link ZipLimits}; entry names that would escape a folder ({@code ../}, absolute paths, drive
 * letters) and duplicate names are refused when the archive is opened, so every caller, extracting
 * or not, sees only safe names. Content is read by entry, inflated with a bounded output, and checked
 * against the declared size and CRC-32.
 *
 * <p>java.util.zip would do most of this, but it hides what a reader of untrusted archives needs:
 * the external attributes that mark symbolic links, and control over what a central directory may
 * claim before it is loaded.
 */
public final class ZipArchive implements AutoCloseable {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int END_SIZE = 22;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final int MAX_COMMENT = 0xFFFF;
    /** Central directories beyond this are refused rather than loaded; 100 000 entries take ~10 MiB. */
    private static final long MAX_DIRECTORY_BYTES = 64L << 20;
    private static final int UNIX_HOST = 3;
    private static final int LINK_MODE = 0xA000;

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final long directoryStart;
    private final Map<String, ZipEntryInfo> entries;

    private ZipArchive(Path file, FileChannel channel, long fileSize, long directoryStart,
            Map<String, ZipEntryInfo> entries) {
        this.file = file;
        this.channel = channel;
        this.fileSize = fileSize;
        this.directoryStart = directoryStart;
        this.entries = entries;
    }

    /** Whether {@code head}, a file's first bytes, begins like a zip archive. */
    public static boolean looksLikeZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
    }

    public static ZipArchive open(Path file, ZipLimits limits) {
        org.ecdkit.core.io.FileKind.requireRegularFile(file, "a zip archive");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        try {
            long size = channel.size();
            Directory directory = locateDirectory(file, channel, size, limits);
            Map<String, ZipEntryInfo> entries = readDirectory(file, channel, directory, limits);
            return new ZipArchive(file, channel, size, directory.offset(), entries);
        } catch (IOException e) {
            closeQuietly(channel);
            throw StorageException.of("read", file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The entries in central-directory order. */
    public List<ZipEntryInfo> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<ZipEntryInfo> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The names of the entries, in central-directory order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The whole content of {@code entry}, refused when it is larger than {@code maxBytes}. */
    public byte[] read(ZipEntryInfo entry, int maxBytes) {
        if (entry.size() > maxBytes) {
            throw invalid(entry, entry.size() + " bytes, more than the " + maxBytes + " ecdkit reads of such an entry");
        }
        ByteArraySink sink = new ByteArraySink((int) entry.size());
        copy(entry, sink);
        return sink.bytes();
    }

    /**
     * The first {@code maxBytes} bytes of {@code entry} (all of it when shorter), for recognising
     * content without reading a large entry whole. Unlike {@link #read}, a prefix cannot be checked
     * against the entry's CRC-32.
     */
    public byte[] readPrefix(ZipEntryInfo entry, int maxBytes) {
        int wanted = (int) Math.min(entry.size(), maxBytes);
        PrefixSink sink = new PrefixSink(wanted);
        try {
            copy(entry, sink);
        } catch (PrefixSink.Full full) {
            // The prefix is complete; the rest of the entry is not wanted.
        }
        return sink.bytes();
    }

    public String readText(ZipEntryInfo entry, int maxBytes) {
        return new String(read(entry, maxBytes), StandardCharsets.UTF_8);
    }

    /** Streams the content of {@code entry} to {@code out}, checking its size and CRC-32. */
    public void copy(ZipEntryInfo entry, OutputStream out) {
        if (entry.link()) {
            throw invalid(entry, "a symbolic link; ecdkit does not follow links inside archives");
        }
        try {
            long dataStart = dataStart(entry);
            CRC32 crc = new CRC32();
            long written = switch (entry.method()) {
                case ZipEntryInfo.STORED -> copyStored(entry, dataStart, out, crc);
                case ZipEntryInfo.DEFLATED -> copyDeflated(entry, dataStart, out, crc);
                default -> throw new UnsupportedInputException(Place.in(file, entry.name()),
                        "compression method " + entry.method() + "; ecdkit reads stored (0) and deflated (8) entries");
            };
            if (written != entry.size()) {
                throw invalid(entry, "holds " + written + " bytes, but the directory says " + entry.size());
            }
            if (crc.getValue() != entry.crc32()) {
                throw invalid(entry, "CRC-32 mismatch: the archive is damaged");
            }
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private long dataStart(ZipEntryInfo entry) throws IOException {
        ByteBuffer local = readAt(entry.localHeader(), 30, entry);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw invalid(entry, "no local header at byte " + entry.localHeader());
        }
        long start = entry.localHeader() + 30 + Short.toUnsignedInt(local.getShort(26))
                + Short.toUnsignedInt(local.getShort(28));
        if (start + entry.compressedSize() > directoryStart) {
            throw invalid(entry, "its data runs past the central directory (the archive is truncated or damaged)");
        }
        return start;
    }

    private long copyStored(ZipEntryInfo entry, long start, OutputStream out, CRC32 crc) throws IOException {
        if (entry.compressedSize() != entry.size()) {
            throw invalid(entry, "stored, but its compressed and uncompressed sizes differ");
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long done = 0;
        while (done < entry.size()) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), entry.size() - done));
            fill(buffer, start + done, entry);
            crc.update(buffer.array(), 0, buffer.limit());
            out.write(buffer.array(), 0, buffer.limit());
            done += buffer.limit();
        }
        return done;
    }

    private long copyDeflated(ZipEntryInfo entry, long start, OutputStream out, CRC32 crc) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            ByteBuffer input = ByteBuffer.allocate(1 << 16);
            byte[] output = new byte[1 << 16];
            long read = 0;
            long written = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (read >= entry.compressedSize()) {
                        throw invalid(entry, "its deflated data ends early (the archive is truncated or damaged)");
                    }
                    input.clear().limit((int) Math.min(input.capacity(), entry.compressedSize() - read));
                    fill(input, start + read, entry);
                    read += input.limit();
                    inflater.setInput(input.array(), 0, input.limit());
                }
                int n = inflater.inflate(output);
                if (n == 0 && inflater.needsDictionary()) {
                    throw invalid(entry, "deflated data needing a preset dictionary, which zip does not use");
                }
                written += n;
                if (written > entry.size()) {
                    // A bomb or a lie: stop at the declared size instead of inflating what it hides.
                    throw invalid(entry, "inflates to more than the " + entry.size() + " bytes the directory declares");
                }
                crc.update(output, 0, n);
                out.write(output, 0, n);
            }
            return written;
        } catch (DataFormatException e) {
            throw invalid(entry, "damaged deflated data (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private ByteBuffer readAt(long position, int length, ZipEntryInfo entry) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        fill(buffer, position, entry);
        return buffer;
    }

    private void fill(ByteBuffer buffer, long position, ZipEntryInfo entry) throws IOException {
        if (position < 0 || position + buffer.remaining() > fileSize) {
            throw invalid(entry, "points past the end of the file (the archive is truncated)");
        }
        readFully(channel, buffer, position);
        buffer.flip();
    }

    private InvalidInputException invalid(ZipEntryInfo entry, String problem) {
        return new InvalidInputException(Place.in(file, entry.name()), problem);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    // --- the central directory ---------------------------------------------------------------

    private record Directory(long offset, long size, long entries) {
    }

    private static Directory locateDirectory(Path file, FileChannel channel, long size, ZipLimits limits)
            throws IOException {
        if (size < END_SIZE) {
            throw new InvalidInputException(Place.of(file), "too short for a zip archive (" + size + " bytes)");
        }
        int tailLength = (int) Math.min(size, END_SIZE + MAX_COMMENT);
        ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, tail, size - tailLength);
        int at = -1;
        for (int i = tailLength - END_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END_SIGNATURE && i + END_SIZE + Short.toUnsignedInt(tail.getShort(i + 20)) == tailLength) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw new InvalidInputException(Place.of(file), "no end of central directory: not a zip archive, or a truncated one");
        }
        long endOffset = size - tailLength + at;
        if (tail.getShort(at + 4) != 0 || tail.getShort(at + 6) != 0) {
            throw new UnsupportedInputException(Place.of(file), "a zip archive split over several disks");
        }
        long count = Short.toUnsignedInt(tail.getShort(at + 10));
        long directorySize = Integer.toUnsignedLong(tail.getInt(at + 12));
        long directoryOffset = Integer.toUnsignedLong(tail.getInt(at + 16));
        if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
            Directory zip64 = zip64Directory(file, channel, endOffset);
            count = zip64.entries();
            directorySize = zip64.size();
            directoryOffset = zip64.offset();
        }
        if (count > limits.maxEntries()) {
            throw new InvalidInputException(Place.of(file), "declares " + count + " entries; ecdkit reads at most "
                    + limits.maxEntries());
        }
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize > endOffset) {
            throw new InvalidInputException(Place.of(file), "its central directory lies outside the file "
                    + "(the archive is truncated or damaged)");
        }
        if (directorySize > MAX_DIRECTORY_BYTES) {
            throw new InvalidInputException(Place.of(file), "a central directory of " + directorySize
                    + " bytes; ecdkit reads at most " + MAX_DIRECTORY_BYTES);
        }
        if (count * CENTRAL_HEADER_SIZE > directorySize) {
            throw new InvalidInputException(Place.of(file), "declares " + count + " entries in a central directory of "
                    + directorySize + " bytes, too small to hold them");
        }
        return new Directory(directoryOffset, directorySize, count);
    }

    private static Directory zip64Directory(Path file, FileChannel channel, long endOffset) throws IOException {
        if (endOffset < 20) {
            throw new InvalidInputException(Place.of(file), "a ZIP64 archive without its ZIP64 locator");
        }
        ByteBuffer locator = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, locator, endOffset - 20);
        if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
            throw new InvalidInputException(Place.of(file), "a ZIP64 archive without its ZIP64 locator");
        }
        long recordOffset = locator.getLong(8);
        if (recordOffset < 0 || recordOffset + 56 > endOffset - 20) {
            throw new InvalidInputException(Place.of(file), "its ZIP64 end record lies outside the file");
        }
        ByteBuffer record = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, record, recordOffset);
        if (record.getInt(0) != ZIP64_END_SIGNATURE) {
            throw new InvalidInputException(Place.of(file), "no ZIP64 end record where the locator points");
        }
        return new Directory(record.getLong(48), record.getLong(40), record.getLong(32));
    }

    private static Map<String, ZipEntryInfo> readDirectory(Path file, FileChannel channel, Directory directory,
            ZipLimits limits) throws IOException {
        ByteBuffer cd = ByteBuffer.allocate((int) directory.size()).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, cd, directory.offset());
        cd.flip();
        Map<String, ZipEntryInfo> entries = new LinkedHashMap<>();
        long total = 0;
        for (long i = 0; i < directory.entries(); i++) {
            int at = cd.position();
            if (cd.remaining() < CENTRAL_HEADER_SIZE || cd.getInt(at) != CENTRAL_SIGNATURE) {
                throw new InvalidInputException(Place.at(file, directory.offset() + at, "central directory"),
                        "entry " + i + " is not a central directory header");
            }
            int madeBy = Short.toUnsignedInt(cd.getShort(at + 4)) >>> 8;
            int flags = Short.toUnsignedInt(cd.getShort(at + 8));
            int method = Short.toUnsignedInt(cd.getShort(at + 10));
            long crc = Integer.toUnsignedLong(cd.getInt(at + 16));
            long compressed = Integer.toUnsignedLong(cd.getInt(at + 20));
            long size = Integer.toUnsignedLong(cd.getInt(at + 24));
            int nameLength = Short.toUnsignedInt(cd.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(cd.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(cd.getShort(at + 32));
            long external = Integer.toUnsignedLong(cd.getInt(at + 38));
            long local = Integer.toUnsignedLong(cd.getInt(at + 42));
            int end = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
            if (end > cd.limit()) {
                throw new InvalidInputException(Place.at(file, directory.offset() + at, "central directory"),
                        "entry " + i + " runs past the end of the central directory");
            }
            byte[] nameBytes = new byte[nameLength];
            cd.get(at + CENTRAL_HEADER_SIZE, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // ZIP64 extra field (0x0001): the 8-byte values of the fields set to 0xFFFFFFFF, in this order.
            int extra = at + CENTRAL_HEADER_SIZE + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = Short.toUnsignedInt(cd.getShort(extra));
                int length = Short.toUnsignedInt(cd.getShort(extra + 2));
                if (id == 1) {
                    int p = extra + 4;
                    int fieldEnd = Math.min(extra + 4 + length, extraEnd);
                    if (size == 0xFFFFFFFFL && p + 8 <= fieldEnd) {
                        size = cd.getLong(p);
                        p += 8;
                    }
                    if (compressed == 0xFFFFFFFFL && p + 8 <= fieldEnd) {
                        compressed = cd.getLong(p);
                        p += 8;
                    }
                    if (local == 0xFFFFFFFFL && p + 8 <= fieldEnd) {
                        local = cd.getLong(p);
                    }
                }
                extra += 4 + length;
            }
            cd.position(end);
            checkControlCharacters(file, name);
            Place place = Place.in(file, name);
            checkName(place, name);
            if ((flags & 1) != 0) {
                throw new UnsupportedInputException(place, "an encrypted entry");
            }
            if (size < 0 || compressed < 0 || local < 0 || local + 30 + compressed > directory.offset()) {
                throw new InvalidInputException(place, "its data lies outside the file (the archive is truncated or damaged)");
            }
            if (size > limits.maxEntrySize()) {
                throw new InvalidInputException(place, "declares " + size + " bytes; ecdkit reads entries of at most "
                        + limits.maxEntrySize());
            }
            if (size > ZipLimits.RATIO_FLOOR && size / Math.max(1, compressed) > limits.maxRatio()) {
                // Refused from the directory, before a byte is inflated: a few MB that would fill the disk.
                throw new InvalidInputException(place, String.format(java.util.Locale.ROOT, "declares %,d bytes from %,d "
                        + "compressed (%,d times), more than the %d times ecdkit accepts: a zip bomb, or a file of zeros",
                        size, compressed, size / Math.max(1, compressed), limits.maxRatio()));
            }
            total += size;
            if (total > limits.maxTotalSize()) {
                throw new InvalidInputException(Place.of(file), "its entries declare more than "
                        + limits.maxTotalSize() + " bytes in all");
            }
            boolean link = madeBy == UNIX_HOST && ((external >>> 16) & 0xF000) == LINK_MODE;
            if (entries.putIfAbsent(name, new ZipEntryInfo(name, method, compressed, size, crc, local, link)) != null) {
                throw new InvalidInputException(place, "a second entry of the same name: the archive is ambiguous");
            }
        }
        return Collections.unmodifiableMap(entries);
    }

    /** Refuses names a terminal would garble (and messages would break over lines). */
    private static void checkControlCharacters(Path file, String name) {
        if (name.chars().anyMatch(c -> c < 0x20 || Character.isISOControl(c))) {
            throw new InvalidInputException(Place.of(file), "an entry named " + Printable.quoted(name)
                    + ", with control characters; archive entry names must be printable");
        }
    }

    /** Refuses names that would land outside a folder they are extracted into. */
    static void checkName(Place place, String name) {
        if (name.isEmpty()) {
            throw new InvalidInputException(place, "an entry with an empty name");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.length() > 1 && name.charAt(1) == ':') {
            throw new InvalidInputException(place, "an absolute path; archive entries must be relative");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new InvalidInputException(place, "a path that climbs out of the archive (\"..\")");
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a read-only channel loses nothing.
        }
    }

    /** An output stream that keeps the first bytes written and then stops the copy. */
    private static final class PrefixSink extends OutputStream {
        private final byte[] bytes;
        private int size;

        /** Thrown to end a copy early; carries no stack trace. */
        static final class Full extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Full() {
                super(null, null, false, false);
            }
        }

        PrefixSink(int capacity) {
            this.bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = Math.min(len, bytes.length - size);
            System.arraycopy(b, off, bytes, size, n);
            size += n;
            if (size == bytes.length) {
                throw new Full();
            }
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size);
        }
    }

    /** An output stream into an array sized once from the checked declared size. */
    private static final class ByteArraySink extends OutputStream {
        private final byte[] bytes;
        private int size;

        ByteArraySink(int capacity) {
            this.bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                throw new IllegalStateException("more bytes than declared");
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size);
        }
    }
}
