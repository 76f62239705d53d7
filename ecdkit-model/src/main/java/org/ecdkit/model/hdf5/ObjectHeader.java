package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An object's header messages (File Format Specification IV.A), version 1 or 2 ("OHDR"), gathered
 * across continuation blocks. Continuations are followed at most {@link #MAX_BLOCKS} times and never
 * to a block already read, so a header that points back into itself ends in an error, not a loop.
 */
final class ObjectHeader {

    static final int MAX_BLOCKS = 1024;
    static final int MAX_MESSAGES = 65_536;
    private static final ByteBuffer OHDR = ByteBuffer.wrap(new byte[] {'O', 'H', 'D', 'R'});
    private static final ByteBuffer OCHK = ByteBuffer.wrap(new byte[] {'O', 'C', 'H', 'K'});

    private record Block(long offset, long length) {
    }

    private ObjectHeader() {
    }

    static List<HeaderMessage> read(Hdf5Input in, long address) {
        long start = in.absolute(address, "an object header");
        ByteBuffer prefix = in.read(start, Math.min(16, in.size() - start), "an object header");
        boolean version2 = prefix.remaining() >= 4 && prefix.slice(0, 4).equals(OHDR);
        List<HeaderMessage> messages = new ArrayList<>();
        Deque<Block> blocks = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        int creationOrderBytes;
        if (version2) {
            ByteBuffer fixed = in.read(start + 4, Math.min(26, in.size() - start - 4), "an object header");
            int version = Byte.toUnsignedInt(fixed.get());
            if (version != 2) {
                throw in.invalid(start, "object header version " + version + " after \"OHDR\"; expected 2");
            }
            int flags = Byte.toUnsignedInt(fixed.get());
            int skip = ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            if (fixed.remaining() < skip + 8) {
                throw in.invalid(start, "the object header is truncated");
            }
            fixed.position(fixed.position() + skip);
            long chunk = Hdf5Input.unsigned(fixed, 1 << (flags & 3));
            creationOrderBytes = (flags & 0x04) != 0 ? 2 : 0;
            // Chunk 0's size counts its messages; the checksum follows, as it ends continuation blocks.
            blocks.add(new Block(start + 6 + skip + (1L << (flags & 3)), chunk + 4));
        } else {
            if (prefix.remaining() < 16) {
                throw in.invalid(start, "the object header is truncated");
            }
            int version = Byte.toUnsignedInt(prefix.get(0));
            if (version != 1) {
                throw in.invalid(start, "no object header here (version byte " + version + ", expected 1 or \"OHDR\")");
            }
            creationOrderBytes = 0;
            blocks.add(new Block(start + 16, Integer.toUnsignedLong(prefix.getInt(8))));
        }
        int read = 0;
        while (!blocks.isEmpty()) {
            Block block = blocks.poll();
            if (++read > MAX_BLOCKS) {
                throw in.invalid(block.offset(), "more than " + MAX_BLOCKS + " object header continuation blocks");
            }
            if (!seen.add(block.offset())) {
                throw in.invalid(block.offset(), "an object header continuation that points back to a block already "
                        + "read (a cycle): the file is damaged");
            }
            ByteBuffer data = in.read(block.offset(), block.length(), "an object header block");
            readMessages(in, block.offset(), data, version2, creationOrderBytes, messages, blocks);
        }
        return messages;
    }

    private static void readMessages(Hdf5Input in, long offset, ByteBuffer data, boolean version2,
            int creationOrderBytes, List<HeaderMessage> messages, Deque<Block> blocks) {
        int headerSize = version2 ? 4 + creationOrderBytes : 8;
        int end = data.limit() - (version2 ? 4 : 0); // version 2 blocks end in a checksum
        while (data.position() + headerSize <= end) {
            int at = data.position();
            int type = version2 ? Byte.toUnsignedInt(data.get()) : Short.toUnsignedInt(data.getShort());
            int size = Short.toUnsignedInt(data.getShort());
            int flags = Byte.toUnsignedInt(data.get());
            data.position(data.position() + (version2 ? creationOrderBytes : 3));
            if (data.position() + size > end) {
                throw in.invalid(offset + at, "a header message of " + size + " bytes runs past its block");
            }
            ByteBuffer body = data.slice(data.position(), size).order(data.order());
            if (messages.size() >= MAX_MESSAGES) {
                throw in.invalid(offset + at, "more than " + MAX_MESSAGES + " object header messages");
            }
            messages.add(new HeaderMessage(type, flags, offset + data.position(), body));
            if (type == HeaderMessage.CONTINUATION) {
                if (size < in.offsetSize() + in.lengthSize()) {
                    throw in.invalid(offset + at, "a continuation message too short for its address and length");
                }
                long address = in.offset(body.duplicate().order(data.order()));
                ByteBuffer rest = body.duplicate().order(data.order()).position(in.offsetSize());
                long length = in.length(rest);
                long blockStart = in.absolute(address, "an object header continuation");
                if (version2) {
                    ByteBuffer signature = in.read(blockStart, 4, "a continuation block");
                    if (!signature.equals(OCHK)) {
                        throw in.invalid(blockStart, "no \"OCHK\" continuation block where the header points");
                    }
                    blocks.add(new Block(blockStart + 4, length - 4));
                } else {
                    blocks.add(new Block(blockStart, length));
                }
            }
            data.position(data.position() + size);
        }
    }
}
