package org.ecdkit.model.protobuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;

/**
 * Reads the protobuf wire format from a file through a seekable channel, one field at a time, so a
 * parser takes only the fields it needs and skips the rest by moving the position: the weights of a
 * model are never read, and a file of any size (beyond protobuf's own 2 GiB message limit) costs what
 * its small fields cost.
 *
 * <p>Untrusted input is read with limits. Every length is checked against what is left of the
 * enclosing message before anything is allocated, strings and byte arrays have a caller-given
 * maximum, and messages nest at most {@link #MAX_DEPTH} deep. Failures are
 * {@link InvalidInputException}s that give the byte offset and the path of messages being read.
 *
 * <p>A parser loops over the fields of one message:
 * <pre>{@code
 * while (in.hasMore()) {
 *     int tag = in.readTag();
 *     switch (ProtoReader.fieldNumber(tag)) {
 *         case 1 -> version = in.readVarint(tag);
 *         case 2 -> name = in.readString(tag, 4096);
 *         case 7 -> graph = in.readMessage(tag, "graph", GraphParser::parse);
 *         default -> in.skip(tag);
 *     }
 * }
 * }</pre>
 */
public final class ProtoReader {

    /** Deeper nesting than any real model uses; deeper input is refused rather than risk the stack. */
    public static final int MAX_DEPTH = 100;

    private static final int BUFFER = 1 << 16;

    /** Parses one message whose fields lie between the reader's position and its current limit. */
    @FunctionalInterface
    public interface MessageParser<T> {
        T parse(ProtoReader in);
    }

    private final SeekableByteChannel channel;
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private long bufferStart;
    private long position;
    private long limit;
    private long bytesFetched;
    private final Deque<String> path = new ArrayDeque<>();

    /** Reads {@code [start, end)} of {@code channel}; {@code file} names it in messages. */
    public ProtoReader(SeekableByteChannel channel, Path file, long start, long end) {
        this.channel = channel;
        this.file = file;
        this.position = start;
        this.limit = end;
        this.bufferStart = start;
        buffer.limit(0);
    }

    public static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    public static int wireType(int tag) {
        return tag & 7;
    }

    public long position() {
        return position;
    }

    /** The end of the message being read. */
    public long limit() {
        return limit;
    }

    /** Bytes actually read from the channel so far: what inspection cost, whatever the file's size. */
    public long bytesFetched() {
        return bytesFetched;
    }

    public Path file() {
        return file;
    }

    public boolean hasMore() {
        return position < limit;
    }

    /** Reads the next field's tag; field number 0 and the group wire types are refused. */
    public int readTag() {
        long at = position;
        long tag = readRawVarint();
        int wire = (int) (tag & 7);
        long field = tag >>> 3;
        if (field == 0 || field > 0x1FFF_FFFFL || wire == WireType.START_GROUP || wire == WireType.END_GROUP || wire > 5) {
            throw invalid(at, "not a protobuf field tag (field " + field + ", " + WireType.name(wire) + ")");
        }
        return (int) tag;
    }

    public long readVarint(int tag) {
        expect(tag, WireType.VARINT);
        return readRawVarint();
    }

    /** A varint that must fit an int, as protobuf's int32 and enum fields do. */
    public int readInt32(int tag) {
        long value = readVarint(tag);
        return (int) value;
    }

    public boolean readBool(int tag) {
        return readVarint(tag) != 0;
    }

    public int readFixed32(int tag) {
        expect(tag, WireType.FIXED32);
        fill(4);
        position += 4;
        return buffer.getInt();
    }

    public float readFloat(int tag) {
        return Float.intBitsToFloat(readFixed32(tag));
    }

    public long readFixed64(int tag) {
        expect(tag, WireType.FIXED64);
        fill(8);
        position += 8;
        return buffer.getLong();
    }

    public double readDouble(int tag) {
        return Double.longBitsToDouble(readFixed64(tag));
    }

    /** A UTF-8 string of at most {@code maxBytes}; longer or malformed text is an error. */
    public String readString(int tag, int maxBytes) {
        long at = position;
        byte[] bytes = readBytes(tag, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(at, "field " + fieldNumber(tag) + " is not valid UTF-8 text");
        }
    }

    public byte[] readBytes(int tag, int maxBytes) {
        expect(tag, WireType.LENGTH_DELIMITED);
        long at = position;
        long length = readLength(tag);
        if (length > maxBytes) {
            throw invalid(at, "field " + fieldNumber(tag) + " holds " + length + " bytes, more than the "
                    + maxBytes + " accepted here");
        }
        byte[] bytes = new byte[(int) length];
        int done = 0;
        while (done < bytes.length) {
            fill(1);
            int n = Math.min(buffer.remaining(), bytes.length - done);
            buffer.get(bytes, done, n);
            done += n;
            position += n;
        }
        return bytes;
    }

    /**
     * Reads a nested message with {@code parser}, which sees only the message's bytes. The reader is
     * positioned after the message afterwards, whatever the parser consumed.
     */
    public <T> T readMessage(int tag, String name, MessageParser<T> parser) {
        expect(tag, WireType.LENGTH_DELIMITED);
        long length = readLength(tag);
        if (path.size() >= MAX_DEPTH) {
            throw invalid(position, "messages nested deeper than " + MAX_DEPTH);
        }
        long end = position + length;
        long outerLimit = limit;
        limit = end;
        path.addLast(name);
        try {
            return parser.parse(this);
        } finally {
            path.removeLast();
            limit = outerLimit;
            seek(end);
        }
    }

    /** Reads a message's bytes as a separate region: where it starts and how long it is, without reading it. */
    public Region readRegion(int tag) {
        expect(tag, WireType.LENGTH_DELIMITED);
        long length = readLength(tag);
        Region region = new Region(position, length);
        seek(position + length);
        return region;
    }

    /**
     * Reads a repeated varint field in either encoding, packed (one length-delimited field) or not
     * (one field per value), adding at most {@code maxCount} values to {@code into}.
     */
    public void readRepeatedVarints(int tag, List<Long> into, int maxCount) {
        if (wireType(tag) == WireType.VARINT) {
            add(into, readRawVarint(), maxCount, tag);
            return;
        }
        expect(tag, WireType.LENGTH_DELIMITED);
        long length = readLength(tag);
        long end = position + length;
        while (position < end) {
            add(into, readRawVarint(), maxCount, tag);
        }
        if (position != end) {
            throw invalid(position, "packed field " + fieldNumber(tag) + " ends inside a value");
        }
    }

    private void add(List<Long> into, long value, int maxCount, int tag) {
        if (into.size() >= maxCount) {
            throw invalid(position, "field " + fieldNumber(tag) + " repeats more than " + maxCount + " times");
        }
        into.add(value);
    }

    /** Skips a field of any wire type without reading its payload. */
    public void skip(int tag) {
        switch (wireType(tag)) {
            case WireType.VARINT -> readRawVarint();
            case WireType.FIXED64 -> seek(checked(8));
            case WireType.FIXED32 -> seek(checked(4));
            case WireType.LENGTH_DELIMITED -> {
                long length = readLength(tag);
                seek(position + length);
            }
            default -> throw invalid(position, "cannot skip " + WireType.name(wireType(tag)));
        }
    }

    /** Moves to {@code newPosition}, within the current message; nothing is read. */
    public void seek(long newPosition) {
        if (newPosition > limit) {
            throw truncated(position, newPosition - position);
        }
        long inBuffer = newPosition - bufferStart;
        if (inBuffer >= 0 && inBuffer <= buffer.limit()) {
            buffer.position((int) inBuffer);
        } else {
            bufferStart = newPosition;
            buffer.clear().limit(0);
        }
        position = newPosition;
    }

    private long checked(int bytes) {
        if (position + bytes > limit) {
            throw truncated(position, bytes);
        }
        return position + bytes;
    }

    private long readLength(int tag) {
        long at = position;
        long length = readRawVarint();
        if (length < 0 || length > limit - position) {
            String claimed = length < 0 ? "a negative length" : length + " bytes";
            throw invalid(at, "field " + fieldNumber(tag) + " declares " + claimed + " but only "
                    + (limit - position) + " remain in its message (truncated, or not this format)");
        }
        return length;
    }

    private long readRawVarint() {
        long at = position;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw truncated(at, 1);
            }
            fill(1);
            byte b = buffer.get();
            position++;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw invalid(at, "a varint longer than 10 bytes");
    }

    private void expect(int tag, int wireType) {
        if (wireType(tag) != wireType) {
            throw invalid(position, "field " + fieldNumber(tag) + " is " + WireType.name(wireType(tag))
                    + ", expected " + WireType.name(wireType));
        }
    }

    /** Makes at least {@code bytes} readable in the buffer at the current position. */
    private void fill(int bytes) {
        if (buffer.remaining() >= bytes) {
            return;
        }
        if (position + bytes > limit) {
            throw truncated(position, bytes);
        }
        ByteBuffer rest = buffer.slice();
        buffer.clear();
        buffer.put(rest);
        bufferStart = position;
        try {
            channel.position(position + buffer.position());
            while (buffer.position() < bytes) {
                int n = channel.read(buffer);
                if (n < 0) {
                    throw truncated(position, bytes);
                }
                bytesFetched += n;
            }
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        buffer.flip();
    }

    private InvalidInputException truncated(long at, long wanted) {
        return invalid(at, "the file ends " + wanted + " byte(s) too early (truncated?)");
    }

    /** An error at {@code offset}, naming the messages being read. */
    public InvalidInputException invalid(long offset, String problem) {
        return new InvalidInputException(Place.at(file, offset, locator()), problem);
    }

    /** Where a length-delimited field's payload lies in the file. */
    public record Region(long start, long length) {
        public long end() {
            return start + length;
        }
    }

    /** The path of messages being read, its middle elided when deep, so the message stays one readable line. */
    private String locator() {
        if (path.size() <= 8) {
            return String.join(".", path);
        }
        java.util.List<String> segments = new java.util.ArrayList<>(path);
        return String.join(".", segments.subList(0, 3)) + ". (" + (segments.size() - 6) + " more) ."
                + String.join(".", segments.subList(segments.size() - 3, segments.size()));
    }
}
