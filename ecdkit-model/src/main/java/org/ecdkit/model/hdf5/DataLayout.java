package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;

/**
 * Where a dataset's values are (File Format Specification IV.A.2.i, data layout message versions 1
 * to 4): inside the header (compact), in one block of the file (contiguous), or in chunks. Chunks
 * are indexed by a version 1 B-tree in versions 1 to 3; version 4's other indexes (fixed and
 * extensible arrays, version 2 B-trees, written only for the 1.10 format) are refused, except the
 * single-chunk one.
 */
sealed interface DataLayout {

    int COMPACT = 0;
    int CONTIGUOUS = 1;
    int CHUNKED = 2;

    /** {@code bytes} bytes of values in C order, filters undone. */
    ByteBuffer read(Hdf5Input in, String path, long[] shape, int elementSize, long bytes, FilterPipeline filters);

    record Compact(ByteBuffer data) implements DataLayout {
        @Override
        public ByteBuffer read(Hdf5Input in, String path, long[] shape, int elementSize, long bytes, FilterPipeline filters) {
            if (data.remaining() < bytes) {
                throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": its compact data holds " + data.remaining()
                        + " bytes, its shape needs " + bytes);
            }
            ByteBuffer copy = ByteBuffer.allocate((int) bytes);
            copy.put(data.duplicate().limit(data.position() + (int) bytes)).flip();
            return copy;
        }
    }

    /** @param size the stored size (layout versions 3 and 4), or -1 where the message does not say (1 and 2) */
    record Contiguous(long address, long size) implements DataLayout {
        @Override
        public ByteBuffer read(Hdf5Input in, String path, long[] shape, int elementSize, long bytes, FilterPipeline filters) {
            if (bytes == 0) {
                return ByteBuffer.allocate(0);
            }
            if (size >= 0 && size < bytes) {
                throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": its data holds " + size + " bytes, its shape "
                        + "needs " + bytes);
            }
            if (address == -1) {
                return ByteBuffer.allocate((int) bytes); // never written: HDF5 reads its fill value, zero
            }
            return in.read(in.absolute(address, "the data of dataset " + Printable.quoted(path)), bytes,
                    "the data of dataset " + Printable.quoted(path));
        }
    }

    /**
     * @param chunk the chunk's dimensions, without the trailing element-size one
     * @param singleChunkSize for version 4's single-chunk index: the filtered chunk's size, else -1
     */
    record Chunked(long index, long[] chunk, long singleChunkSize, int singleChunkMask) implements DataLayout {
        @Override
        public ByteBuffer read(Hdf5Input in, String path, long[] shape, int elementSize, long bytes, FilterPipeline filters) {
            return ChunkedData.read(in, path, shape, elementSize, bytes, this, filters);
        }
    }

    static DataLayout read(Hdf5Input in, HeaderMessage message, String path) {
        ByteBuffer data = message.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            int version = Byte.toUnsignedInt(data.get());
            return switch (version) {
                case 1, 2 -> readVersion1(in, data, path);
                case 3 -> readVersion3(in, data, path);
                case 4 -> readVersion4(in, data, path);
                default -> throw in.invalid(message.offset(), "data layout message version " + version
                        + "; HDF5 defines 1 to 4");
            };
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw in.invalid(message.offset(), "dataset " + Printable.quoted(path) + ": its data layout message is truncated");
        }
    }

    private static DataLayout readVersion1(Hdf5Input in, ByteBuffer data, String path) {
        int dimensionality = Byte.toUnsignedInt(data.get());
        int layoutClass = Byte.toUnsignedInt(data.get());
        data.position(data.position() + 5);
        long address = layoutClass == COMPACT ? -1 : in.offset(data);
        long[] dims = new long[dimensionality];
        for (int i = 0; i < dimensionality; i++) {
            dims[i] = Integer.toUnsignedLong(data.getInt());
        }
        return switch (layoutClass) {
            case COMPACT -> {
                int size = data.getInt();
                yield new Compact(data.slice(data.position(), size));
            }
            case CONTIGUOUS -> new Contiguous(address, -1);
            case CHUNKED -> new Chunked(address, java.util.Arrays.copyOf(dims, dimensionality - 1), -1, 0);
            default -> throw unknownClass(in, path, layoutClass);
        };
    }

    private static DataLayout readVersion3(Hdf5Input in, ByteBuffer data, String path) {
        int layoutClass = Byte.toUnsignedInt(data.get());
        return switch (layoutClass) {
            case COMPACT -> {
                int size = Short.toUnsignedInt(data.getShort());
                yield new Compact(data.slice(data.position(), size));
            }
            case CONTIGUOUS -> new Contiguous(in.offset(data), in.length(data));
            case CHUNKED -> {
                int dimensionality = Byte.toUnsignedInt(data.get());
                long index = in.offset(data);
                long[] chunk = new long[dimensionality - 1];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = Integer.toUnsignedLong(data.getInt());
                }
                yield new Chunked(index, chunk, -1, 0);
            }
            default -> throw unknownClass(in, path, layoutClass);
        };
    }

    private static DataLayout readVersion4(Hdf5Input in, ByteBuffer data, String path) {
        int layoutClass = Byte.toUnsignedInt(data.get());
        if (layoutClass != CHUNKED) {
            return readVersion3(in, data.position(data.position() - 1), path);
        }
        int flags = Byte.toUnsignedInt(data.get());
        int dimensionality = Byte.toUnsignedInt(data.get());
        int encoded = Byte.toUnsignedInt(data.get());
        long[] chunk = new long[dimensionality - 1];
        for (int i = 0; i < dimensionality; i++) {
            long dim = Hdf5Input.unsigned(data, encoded);
            if (i < chunk.length) {
                chunk[i] = dim;
            }
        }
        int indexType = Byte.toUnsignedInt(data.get());
        if (indexType != 1) {
            throw new UnsupportedInputException(Place.of(in.file()), "dataset " + Printable.quoted(path) + " indexes its "
                    + "chunks with HDF5 1.10's chunk index type " + indexType + ", which ecdkit does not read; save the "
                    + "file with h5py's default (libver \"earliest\")");
        }
        long size = -1;
        int mask = 0;
        if ((flags & 0x02) != 0) {
            size = in.length(data);
            mask = data.getInt();
        }
        return new Chunked(in.offset(data), chunk, size, mask);
    }

    private static RuntimeException unknownClass(Hdf5Input in, String path, int layoutClass) {
        return new UnsupportedInputException(Place.of(in.file()), "dataset " + Printable.quoted(path) + " has layout class "
                + layoutClass + " (virtual or unknown); ecdkit reads compact, contiguous and chunked datasets");
    }
}
