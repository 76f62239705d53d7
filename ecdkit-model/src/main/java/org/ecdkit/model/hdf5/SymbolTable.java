package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.error.Printable;

/**
 * A group's members as the 1.6 format stores them (File Format Specification III.B to III.D): a
 * version 1 B-tree ("TREE", node type 0) whose leaves point to symbol nodes ("SNOD") of entries,
 * each a name (an offset into the group's local heap, "HEAP") and an object header address. Nodes
 * are visited at most once, at most {@link #MAX_NODES} of them, so a damaged tree ends in an error.
 */
final class SymbolTable {

    static final int MAX_NODES = 100_000;
    private static final ByteBuffer TREE = ByteBuffer.wrap(new byte[] {'T', 'R', 'E', 'E'});
    private static final ByteBuffer SNOD = ByteBuffer.wrap(new byte[] {'S', 'N', 'O', 'D'});
    private static final ByteBuffer HEAP = ByteBuffer.wrap(new byte[] {'H', 'E', 'A', 'P'});

    private SymbolTable() {
    }

    static void read(Hdf5Input in, HeaderMessage message, String path, Map<String, Long> members) {
        ByteBuffer data = message.data().duplicate().order(message.data().order());
        if (data.remaining() < 2 * in.offsetSize()) {
            throw in.invalid(message.offset(), "group " + Printable.quoted(path) + ": a symbol table message too short");
        }
        long tree = in.offset(data);
        long heap = in.offset(data);
        ByteBuffer names = localHeap(in, heap, path);
        Set<Long> seen = new HashSet<>();
        visit(in, tree, names, path, members, seen, 0);
    }

    private static ByteBuffer localHeap(Hdf5Input in, long address, String path) {
        long start = in.absolute(address, "the local heap of group " + Printable.quoted(path));
        ByteBuffer head = in.read(start, 8 + 2L * in.lengthSize() + in.offsetSize(), "a local heap");
        if (!head.slice(0, 4).equals(HEAP)) {
            throw in.invalid(start, "group " + Printable.quoted(path) + ": no \"HEAP\" signature where its local heap should be");
        }
        head.position(8);
        long size = in.length(head);
        in.length(head); // free list
        long segment = in.absolute(in.offset(head), "the local heap's data of group " + Printable.quoted(path));
        return in.read(segment, size, "a local heap's data");
    }

    private static void visit(Hdf5Input in, long address, ByteBuffer names, String path, Map<String, Long> members,
            Set<Long> seen, int depth) {
        long start = in.absolute(address, "a B-tree node of group " + Printable.quoted(path));
        if (!seen.add(start) || seen.size() > MAX_NODES || depth > 64) {
            throw in.invalid(start, "group " + Printable.quoted(path) + ": its B-tree revisits a node or is deeper than "
                    + "any real file's (the file is damaged)");
        }
        ByteBuffer signature = in.read(start, 4, "a B-tree node");
        if (signature.equals(SNOD)) {
            readSymbolNode(in, start, names, path, members);
            return;
        }
        if (!signature.equals(TREE)) {
            throw in.invalid(start, "group " + Printable.quoted(path) + ": neither \"TREE\" nor \"SNOD\" where its B-tree points");
        }
        ByteBuffer head = in.read(start + 4, 4 + 2L * in.offsetSize(), "a B-tree node");
        int type = Byte.toUnsignedInt(head.get());
        int level = Byte.toUnsignedInt(head.get());
        int entries = Short.toUnsignedInt(head.getShort());
        if (type != 0) {
            throw in.invalid(start, "group " + Printable.quoted(path) + ": a B-tree node of type " + type + " where 0 (group) belongs");
        }
        long body = start + 8 + 2L * in.offsetSize();
        // Keys (heap offsets) and children alternate: key 0, child 0, ..., key N.
        int stride = in.lengthSize() + in.offsetSize();
        ByteBuffer entriesData = in.read(body, (long) entries * stride + in.lengthSize(), "a B-tree node's entries");
        for (int i = 0; i < entries; i++) {
            entriesData.position(i * stride + in.lengthSize());
            long child = in.offset(entriesData);
            if (level == 0) {
                long childStart = in.absolute(child, "a symbol node of group " + Printable.quoted(path));
                if (!seen.add(childStart)) {
                    throw in.invalid(childStart, "group " + Printable.quoted(path) + ": a symbol node listed twice");
                }
                readSymbolNode(in, childStart, names, path, members);
            } else {
                visit(in, child, names, path, members, seen, depth + 1);
            }
        }
    }

    private static void readSymbolNode(Hdf5Input in, long start, ByteBuffer names, String path, Map<String, Long> members) {
        ByteBuffer head = in.read(start, 8, "a symbol node");
        if (!head.slice(0, 4).equals(SNOD)) {
            throw in.invalid(start, "group " + Printable.quoted(path) + ": no \"SNOD\" signature where a symbol node should be");
        }
        int count = Short.toUnsignedInt(head.getShort(6));
        int entrySize = in.lengthSize() + in.offsetSize() + 24;
        ByteBuffer entries = in.read(start + 8, (long) count * entrySize, "a symbol node's entries");
        for (int i = 0; i < count; i++) {
            entries.position(i * entrySize);
            long nameOffset = in.length(entries);
            long header = in.offset(entries);
            members.putIfAbsent(name(in, names, nameOffset, start, path), header);
        }
    }

    private static String name(Hdf5Input in, ByteBuffer names, long offset, long at, String path) {
        if (offset < 0 || offset >= names.limit()) {
            throw in.invalid(at, "group " + Printable.quoted(path) + ": a member's name lies outside the group's local heap");
        }
        int end = (int) offset;
        while (end < names.limit() && names.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - (int) offset];
        names.get((int) offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
