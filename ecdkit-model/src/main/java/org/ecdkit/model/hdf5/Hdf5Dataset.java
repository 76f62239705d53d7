package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.HalfFloat;

/**
 * A dataset of floating-point numbers (File Format Specification IV.A.2: dataspace, datatype,
 * data layout and filter pipeline messages), read whole into a {@code float[]}: contiguous,
 * compact and chunked storage (chunks indexed by a version 1 B-tree, as every file written for the
 * 1.6 format or by h5py's default), with the filters h5py writes: deflate, shuffle, Fletcher-32.
 * 16-, 32- and 64-bit IEEE floats of either byte order are read; 64-bit values are rounded to float.
 *
 * <p>Reading allocates what the shape says only after the caller's limit and the file's evidence
 * agree: contiguous data must lie inside the file, a chunk must inflate to exactly its size.
 */
public final class Hdf5Dataset {

    private final Hdf5Input in;
    private final String path;
    private final long[] shape;
    private final FloatType type;
    private final DataLayout layout;
    private final FilterPipeline filters;

    /**
     * @param size  bytes per element
     * @param order byte order
     */
    record FloatType(int size, ByteOrder order, String description) {
    }

    private Hdf5Dataset(Hdf5Input in, String path, long[] shape, FloatType type, DataLayout layout, FilterPipeline filters) {
        this.in = in;
        this.path = path;
        this.shape = shape;
        this.type = type;
        this.layout = layout;
        this.filters = filters;
    }

    static Hdf5Dataset of(Hdf5Input in, String path, List<HeaderMessage> messages) {
        long[] shape = null;
        FloatType type = null;
        DataLayout layout = null;
        FilterPipeline filters = FilterPipeline.NONE;
        for (HeaderMessage message : messages) {
            switch (message.type()) {
                case HeaderMessage.DATASPACE -> shape = dataspace(in, message, path);
                case HeaderMessage.DATATYPE -> type = datatype(in, message, path);
                case HeaderMessage.LAYOUT -> layout = DataLayout.read(in, message, path);
                case HeaderMessage.FILTER_PIPELINE -> filters = FilterPipeline.read(in, message, path);
                default -> {
                }
            }
        }
        if (shape == null || layout == null) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + " lacks its " + (shape == null ? "dataspace" : "layout")
                    + " message");
        }
        return new Hdf5Dataset(in, path, shape, type, layout, filters);
    }

    public String path() {
        return path;
    }

    /** The dimensions, slowest-varying first (C order, as numpy sees them). */
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** The values in C order; {@code maxElements} bounds the allocation whatever the file claims. */
    public float[] readFloats(long maxElements) {
        if (type == null) {
            throw new UnsupportedInputException(Place.of(in.file()), "dataset " + Printable.quoted(path)
                    + " does not hold IEEE floating-point numbers; ecdkit reads float16, float32 and float64 weights");
        }
        long count;
        try {
            count = elementCount();
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE;
        }
        if (count > maxElements || count > Integer.MAX_VALUE - 8) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + " holds " + count + " values; ecdkit reads at most "
                    + Math.min(maxElements, Integer.MAX_VALUE - 8) + " per dataset");
        }
        long bytes = count * type.size();
        ByteBuffer raw = layout.read(in, path, shape, type.size(), bytes, filters);
        raw.order(type.order());
        float[] values = new float[(int) count];
        switch (type.size()) {
            case 2 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = HalfFloat.toFloat(raw.getShort(i * 2));
                }
            }
            case 4 -> raw.asFloatBuffer().get(values);
            default -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) raw.getDouble(i * 8);
                }
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return path + " " + Arrays.toString(shape) + (type == null ? "" : " " + type.description());
    }

    private static long[] dataspace(Hdf5Input in, HeaderMessage message, String path) {
        ByteBuffer space = message.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (space.remaining() < 4) {
            throw in.invalid(message.offset(), "dataset " + Printable.quoted(path) + ": a dataspace too short");
        }
        int version = Byte.toUnsignedInt(space.get(0));
        int rank = Byte.toUnsignedInt(space.get(1));
        int dimsAt = switch (version) {
            case 1 -> 8;
            case 2 -> 4;
            default -> throw in.invalid(message.offset(), "dataspace version " + version + "; HDF5 defines 1 and 2");
        };
        if (version == 2 && Byte.toUnsignedInt(space.get(3)) == 2) {
            return new long[] {0};
        }
        if (rank > 32 || space.remaining() < dimsAt + (long) rank * in.lengthSize()) {
            throw in.invalid(message.offset(), "dataset " + Printable.quoted(path) + ": a dataspace of rank " + rank
                    + " too short for its dimensions");
        }
        space.position(dimsAt);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.length(space);
            if (dims[i] < 0) {
                throw in.invalid(message.offset(), "dataset " + Printable.quoted(path) + ": a dimension too large");
            }
        }
        return dims;
    }

    /** IEEE floats only; any other class leaves the type unknown, refused when values are read. */
    private static FloatType datatype(Hdf5Input in, HeaderMessage message, String path) {
        ByteBuffer type = message.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (type.remaining() < 8) {
            throw in.invalid(message.offset(), "dataset " + Printable.quoted(path) + ": a datatype too short");
        }
        int typeClass = Byte.toUnsignedInt(type.get(0)) & 0x0F;
        int bits = Byte.toUnsignedInt(type.get(1));
        int size = type.getInt(4);
        if (typeClass != 1 || (size != 2 && size != 4 && size != 8)) {
            return null;
        }
        ByteOrder order = (bits & 1) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new FloatType(size, order, "float" + size * 8 + (order == ByteOrder.BIG_ENDIAN ? " big-endian" : ""));
    }
}
