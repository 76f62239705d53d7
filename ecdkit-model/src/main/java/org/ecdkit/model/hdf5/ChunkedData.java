package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.ecdkit.core.error.Printable;

/**
 * Reads a chunked dataset: walks the version 1 B-tree of raw-data chunks (node type 1, File
 * Format Specification III.A.1), each leaf entry a chunk's stored size, filter mask and offset,
 * undoes the filters and copies the part of each chunk inside the dataset into place. Chunks never
 * written read as zeros, HDF5's default fill value.
 */
final class ChunkedData {

    static final int MAX_NODES = 1_000_000;
    private static final ByteBuffer TREE = ByteBuffer.wrap(new byte[] {'T', 'R', 'E', 'E'});

    private ChunkedData() {
    }

    static ByteBuffer read(Hdf5Input in, String path, long[] shape, int elementSize, long bytes,
            DataLayout.Chunked layout, FilterPipeline filters) {
        long[] chunk = layout.chunk();
        if (chunk.length != shape.length) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": chunks of rank " + chunk.length + " for data of rank "
                    + shape.length);
        }
        long chunkBytes = elementSize;
        for (long dim : chunk) {
            if (dim <= 0) {
                throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a chunk dimension of " + dim);
            }
            chunkBytes = Math.multiplyExact(chunkBytes, dim);
        }
        if (chunkBytes > Hdf5Input.MAX_READ) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": chunks of " + chunkBytes + " bytes; ecdkit reads "
                    + "chunks of at most " + Hdf5Input.MAX_READ);
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes);
        if (bytes == 0 || layout.index() == -1) {
            return out;
        }
        Copier copier = new Copier(in, path, shape, chunk, elementSize, (int) chunkBytes, filters, out);
        if (layout.singleChunkSize() >= 0) {
            long stored = layout.singleChunkSize() >= 0 ? layout.singleChunkSize() : chunkBytes;
            copier.copy(layout.index(), stored, layout.singleChunkMask(), new long[shape.length]);
            return out;
        }
        visit(in, path, layout.index(), shape.length, copier, new HashSet<>(), 0);
        return out;
    }

    private static void visit(Hdf5Input in, String path, long address, int rank, Copier copier, Set<Long> seen, int depth) {
        long start = in.absolute(address, "a chunk B-tree node of dataset " + Printable.quoted(path));
        if (!seen.add(start) || seen.size() > MAX_NODES || depth > 64) {
            throw in.invalid(start, "dataset " + Printable.quoted(path) + ": its chunk B-tree revisits a node or is deeper "
                    + "than any real file's (the file is damaged)");
        }
        ByteBuffer head = in.read(start, 8 + 2L * in.offsetSize(), "a chunk B-tree node");
        if (!head.slice(0, 4).equals(TREE)) {
            throw in.invalid(start, "dataset " + Printable.quoted(path) + ": no \"TREE\" signature where its chunk index should be");
        }
        int type = Byte.toUnsignedInt(head.get(4));
        int level = Byte.toUnsignedInt(head.get(5));
        int entries = Short.toUnsignedInt(head.getShort(6));
        if (type != 1) {
            throw in.invalid(start, "dataset " + Printable.quoted(path) + ": a B-tree node of type " + type
                    + " where 1 (raw data chunks) belongs");
        }
        // A key: chunk size (4), filter mask (4), one 8-byte offset per dimension and one for the element.
        int keySize = 8 + 8 * (rank + 1);
        int stride = keySize + in.offsetSize();
        ByteBuffer body = in.read(start + 8 + 2L * in.offsetSize(), (long) entries * stride + keySize, "a chunk B-tree node's entries");
        for (int i = 0; i < entries; i++) {
            body.position(i * stride);
            long stored = Integer.toUnsignedLong(body.getInt());
            int mask = body.getInt();
            long[] offset = new long[rank];
            for (int d = 0; d < rank; d++) {
                offset[d] = body.getLong();
            }
            body.position(i * stride + keySize);
            long child = in.offset(body);
            if (level == 0) {
                copier.copy(child, stored, mask, offset);
            } else {
                visit(in, path, child, rank, copier, seen, depth + 1);
            }
        }
    }

    /** Undoes a chunk's filters and copies its part inside the dataset, row by row of the last dimension. */
    private record Copier(Hdf5Input in, String path, long[] shape, long[] chunk, int elementSize, int chunkBytes,
            FilterPipeline filters, ByteBuffer out) {

        void copy(long address, long stored, int mask, long[] offset) {
            for (int d = 0; d < shape.length; d++) {
                if (offset[d] < 0 || offset[d] >= shape[d] || offset[d] % chunk[d] != 0) {
                    throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a chunk at offset " + offset[d]
                            + " in dimension " + d + ", outside the data or off the chunk grid");
                }
            }
            if (stored > Hdf5Input.MAX_READ) {
                throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a stored chunk of " + stored + " bytes");
            }
            ByteBuffer raw = in.read(in.absolute(address, "a chunk of dataset " + Printable.quoted(path)), stored,
                    "a chunk of dataset " + Printable.quoted(path));
            byte[] data = filters.undo(in, path, raw, mask, chunkBytes, elementSize);
            int rank = shape.length;
            if (rank == 0) {
                out.put(0, data, 0, elementSize);
                return;
            }
            long rowElements = Math.min(chunk[rank - 1], shape[rank - 1] - offset[rank - 1]);
            int rowBytes = (int) (rowElements * elementSize);
            long[] index = new long[rank - 1];
            while (true) {
                boolean inside = true;
                long source = 0;
                long target = 0;
                for (int d = 0; d < rank - 1; d++) {
                    long at = offset[d] + index[d];
                    inside &= at < shape[d];
                    source = source * chunk[d] + index[d];
                    target = target * shape[d] + at;
                }
                if (inside) {
                    source = source * chunk[rank - 1] * elementSize;
                    target = (target * shape[rank - 1] + offset[rank - 1]) * elementSize;
                    out.put((int) target, data, (int) source, rowBytes);
                }
                int d = rank - 2;
                while (d >= 0 && ++index[d] == chunk[d]) {
                    index[d] = 0;
                    d--;
                }
                if (d < 0) {
                    return;
                }
            }
        }
    }
}
