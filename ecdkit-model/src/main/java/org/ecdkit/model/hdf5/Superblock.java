package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.error.Place;

/**
 * The HDF5 superblock (File Format Specification III.A): where the file's structures are and how
 * wide its addresses are. Versions 0 and 1 name the root group through a symbol-table entry,
 * versions 2 and 3 by the address of its object header.
 *
 * @param version          0 to 3
 * @param offset           where the signature was found (0, or 512, 1024, ... after a user block)
 * @param rootObjectHeader the root group's object header address
 */
record Superblock(int version, long offset, long rootObjectHeader) {

    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

    /** Finds the signature at 0 or a power of two from 512 on, and reads the superblock there. */
    static Superblock read(Hdf5Input in) {
        for (long at = 0; at + 8 <= in.size(); at = at == 0 ? 512 : at * 2) {
            ByteBuffer signature = in.read(at, 8, "the HDF5 signature");
            if (signature.equals(ByteBuffer.wrap(SIGNATURE))) {
                return readAt(in, at);
            }
        }
        throw in.invalid(-1, "no HDF5 signature: not an HDF5 file");
    }

    private static Superblock readAt(Hdf5Input in, long at) {
        ByteBuffer head = in.read(at + 8, Math.min(16, in.size() - at - 8), "the superblock");
        if (head.remaining() < 8) {
            throw in.invalid(at, "the superblock is truncated");
        }
        int version = Byte.toUnsignedInt(head.get(0));
        return switch (version) {
            case 0, 1 -> readVersion0(in, at, version, head);
            case 2, 3 -> readVersion2(in, at, version, head);
            default -> throw new UnsupportedInputException(Place.at(in.file(), at, "HDF5 superblock"),
                    "superblock version " + version + "; ecdkit reads versions 0 to 3");
        };
    }

    private static Superblock readVersion0(Hdf5Input in, long at, int version, ByteBuffer head) {
        int offsets = sizeField(in, at, Byte.toUnsignedInt(head.get(13 - 8)), "size of offsets");
        int lengths = sizeField(in, at, Byte.toUnsignedInt(head.get(14 - 8)), "size of lengths");
        int fixed = version == 0 ? 24 : 28;
        // base, free-space, end-of-file and driver addresses, then the root symbol-table entry:
        // link name offset, object header address, cache type, reserved, scratch pad.
        ByteBuffer rest = in.read(at + fixed, 4L * offsets + 2L * offsets + 24, "the superblock");
        long base = Hdf5Input.unsigned(rest, offsets);
        in.setSizes(base < 0 ? 0 : base, offsets, lengths);
        rest.position(4 * offsets + offsets);
        long root = in.offset(rest);
        return new Superblock(version, at, root);
    }

    private static Superblock readVersion2(Hdf5Input in, long at, int version, ByteBuffer head) {
        int offsets = sizeField(in, at, Byte.toUnsignedInt(head.get(1)), "size of offsets");
        int lengths = sizeField(in, at, Byte.toUnsignedInt(head.get(2)), "size of lengths");
        ByteBuffer rest = in.read(at + 12, 4L * offsets, "the superblock");
        long base = Hdf5Input.unsigned(rest, offsets);
        in.setSizes(base < 0 ? 0 : base, offsets, lengths);
        rest.position(3 * offsets);
        return new Superblock(version, at, in.offset(rest));
    }

    private static int sizeField(Hdf5Input in, long at, int value, String name) {
        if (value != 2 && value != 4 && value != 8) {
            throw in.invalid(at, "the superblock's " + name + " is " + value + "; HDF5 allows 2, 4 or 8");
        }
        return value;
    }
}
