package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;

/**
 * A chunked dataset's filters (File Format Specification IV.A.2.l, versions 1 and 2), undone in
 * reverse order: deflate (1), shuffle (2) and Fletcher-32 (3), the ones h5py writes with its
 * built-in options. Others (h5py's LZF, SZIP, plug-ins) are refused by name and number. Inflation
 * stops at the chunk's size, so a compressed chunk cannot grow beyond what its shape allows.
 */
record FilterPipeline(List<Filter> filters) {

    static final FilterPipeline NONE = new FilterPipeline(List.of());
    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;
    static final int FLETCHER32 = 3;

    record Filter(int id, String name, boolean optional) {
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    static FilterPipeline read(Hdf5Input in, HeaderMessage message, String path) {
        ByteBuffer data = message.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            int version = Byte.toUnsignedInt(data.get());
            int count = Byte.toUnsignedInt(data.get());
            if (version == 1) {
                data.position(data.position() + 6);
            } else if (version != 2) {
                throw in.invalid(message.offset(), "filter pipeline message version " + version + "; HDF5 defines 1 and 2");
            }
            List<Filter> filters = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int id = Short.toUnsignedInt(data.getShort());
                int nameLength = version == 1 || id >= 256 ? Short.toUnsignedInt(data.getShort()) : 0;
                int flags = Short.toUnsignedInt(data.getShort());
                int values = Short.toUnsignedInt(data.getShort());
                String name = "";
                if (nameLength > 0) {
                    byte[] bytes = new byte[nameLength];
                    data.get(bytes);
                    int end = 0;
                    while (end < bytes.length && bytes[end] != 0) {
                        end++;
                    }
                    name = new String(bytes, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
                    if (version == 1) {
                        data.position(data.position() + ((nameLength + 7) & ~7) - nameLength);
                    }
                }
                data.position(data.position() + 4 * values + (version == 1 && values % 2 == 1 ? 4 : 0));
                filters.add(new Filter(id, name, (flags & 1) != 0));
            }
            for (Filter filter : filters) {
                if (filter.id() != DEFLATE && filter.id() != SHUFFLE && filter.id() != FLETCHER32) {
                    throw new UnsupportedInputException(Place.of(in.file()), "dataset " + Printable.quoted(path)
                            + " is compressed with HDF5 filter " + filter.id() + describe(filter) + ", which ecdkit does not "
                            + "read; it reads deflate (gzip), shuffle and Fletcher-32: save the weights without that filter");
                }
            }
            return new FilterPipeline(List.copyOf(filters));
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw in.invalid(message.offset(), "dataset " + Printable.quoted(path) + ": its filter pipeline message is truncated");
        }
    }

    private static String describe(Filter filter) {
        String known = switch (filter.id()) {
            case 4 -> "SZIP";
            case 32000 -> "LZF, h5py's own";
            case 32001 -> "Blosc";
            case 32004 -> "LZ4";
            case 32015 -> "Zstandard";
            default -> filter.name();
        };
        return known.isEmpty() ? "" : " (" + known + ")";
    }

    /** The chunk's bytes with its filters undone, exactly {@code chunkBytes} long. */
    byte[] undo(Hdf5Input in, String path, ByteBuffer stored, int mask, int chunkBytes, int elementSize) {
        byte[] data = new byte[stored.remaining()];
        stored.duplicate().get(data);
        for (int i = filters.size() - 1; i >= 0; i--) {
            if ((mask & (1 << i)) != 0) {
                continue; // this filter was skipped when the chunk was written
            }
            Filter filter = filters.get(i);
            data = switch (filter.id()) {
                case DEFLATE -> inflate(in, path, data, chunkBytes);
                case SHUFFLE -> unshuffle(data, elementSize);
                default -> fletcherStripped(in, path, data);
            };
        }
        if (data.length != chunkBytes) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a chunk holds " + data.length + " bytes once "
                    + "unfiltered, its shape needs " + chunkBytes + " (the file is damaged)");
        }
        return data;
    }

    private static byte[] inflate(Hdf5Input in, String path, byte[] data, int chunkBytes) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            byte[] out = new byte[chunkBytes];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (!inflater.finished()) {
                throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a deflated chunk "
                        + (n < out.length ? "ends early (the file is truncated or damaged)" : "inflates past its size"));
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a deflated chunk is not valid zlib data ("
                    + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** The shuffle filter stores byte k of every element together; this puts each element's bytes back. */
    private static byte[] unshuffle(byte[] data, int elementSize) {
        if (elementSize <= 1) {
            return data;
        }
        int elements = data.length / elementSize;
        byte[] out = data.clone(); // a tail of fewer bytes than an element stays as it is
        for (int b = 0; b < elementSize; b++) {
            for (int e = 0; e < elements; e++) {
                out[e * elementSize + b] = data[b * elements + e];
            }
        }
        return out;
    }

    private static byte[] fletcherStripped(Hdf5Input in, String path, byte[] data) {
        if (data.length < 4) {
            throw in.invalid(-1, "dataset " + Printable.quoted(path) + ": a chunk too short for its Fletcher-32 checksum");
        }
        return java.util.Arrays.copyOf(data, data.length - 4);
    }
}
