package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;

/**
 * Objects of a global heap collection ("GCOL", File Format Specification III.E), where HDF5 keeps
 * variable-length data such as h5py's string attributes. The collection is walked object header by
 * object header, each checked against the collection's declared size, until the wanted index.
 */
final class GlobalHeap {

    private static final ByteBuffer GCOL = ByteBuffer.wrap(new byte[] {'G', 'C', 'O', 'L'});

    private GlobalHeap() {
    }

    static ByteBuffer object(Hdf5Input in, long collectionAddress, int index, String what) {
        long start = in.absolute(collectionAddress, "the global heap of " + what);
        ByteBuffer head = in.read(start, 8 + in.lengthSize(), "a global heap collection");
        if (!head.slice(0, 4).equals(GCOL)) {
            throw in.invalid(start, what + " points to a global heap collection without its \"GCOL\" signature");
        }
        head.position(8);
        long collectionSize = in.length(head);
        if (collectionSize < 0 || start + collectionSize > in.size()) {
            throw in.invalid(start, "a global heap collection of " + collectionSize + " bytes runs past the end of the file");
        }
        long end = start + collectionSize;
        long at = start + 8 + in.lengthSize();
        int objectHeader = 8 + in.lengthSize();
        while (at + objectHeader <= end) {
            ByteBuffer header = in.read(at, objectHeader, "a global heap object");
            int objectIndex = Short.toUnsignedInt(header.getShort());
            header.position(8);
            long size = in.length(header);
            if (objectIndex == 0) {
                break; // free space: the rest of the collection holds no objects
            }
            if (size < 0 || size > end - at - objectHeader) {
                throw in.invalid(at, "a global heap object of " + size + " bytes runs past its collection");
            }
            if (objectIndex == index) {
                return in.read(at + objectHeader, size, "a global heap object");
            }
            at += objectHeader + ((size + 7) & ~7L);
        }
        throw in.invalid(start, what + " refers to global heap object " + index + ", which its collection lacks");
    }
}
