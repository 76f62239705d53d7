package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.Printable;

/**
 * Decodes attribute messages (File Format Specification IV.A.2.m, versions 1 to 3) with their
 * datatype (IV.A.2.d) and dataspace (IV.A.2.b), and reads string values, inline or from the global
 * heap.
 */
final class AttributeReader {

    static final int CLASS_STRING = 3;
    static final int CLASS_VARIABLE_LENGTH = 9;
    /** Keras lists a layer's weights in one attribute; no model has more than a few per layer. */
    static final int MAX_STRINGS = 100_000;
    private static final String[] CLASS_NAMES = {"integer", "float", "time", "string", "bitfield", "opaque",
        "compound", "reference", "enum", "variable-length", "array"};

    private final Hdf5Input in;
    private final int maxValueBytes;

    AttributeReader(Hdf5Input in, int maxValueBytes) {
        this.in = in;
        this.maxValueBytes = maxValueBytes;
    }

    Hdf5Attribute read(HeaderMessage message) {
        ByteBuffer data = message.data().duplicate().order(message.data().order());
        if (data.remaining() < 8) {
            throw invalid(message, "an attribute message too short for its header");
        }
        int version = Byte.toUnsignedInt(data.get());
        int flags = Byte.toUnsignedInt(data.get());
        int nameSize = Short.toUnsignedInt(data.getShort());
        int datatypeSize = Short.toUnsignedInt(data.getShort());
        int dataspaceSize = Short.toUnsignedInt(data.getShort());
        if (version == 3) {
            data.get(); // name character set: the name is decoded as UTF-8 either way
        } else if (version != 1 && version != 2) {
            throw invalid(message, "attribute message version " + version + "; HDF5 defines 1 to 3");
        }
        boolean padded = version == 1;
        String name = text(slice(message, data, nameSize, padded, "its name"), true);
        if ((flags & 0x03) != 0) {
            return new Hdf5Attribute(name, Optional.empty(), "a shared datatype or dataspace");
        }
        ByteBuffer datatype = slice(message, data, datatypeSize, padded, "its datatype");
        ByteBuffer dataspace = slice(message, data, dataspaceSize, padded, "its dataspace");
        long elements = elements(message, dataspace);
        if (datatype.remaining() < 8) {
            throw invalid(message, "attribute " + Printable.quoted(name) + ": a datatype too short");
        }
        int typeClass = Byte.toUnsignedInt(datatype.get(0)) & 0x0F;
        int bits = Byte.toUnsignedInt(datatype.get(1)) | Byte.toUnsignedInt(datatype.get(2)) << 8;
        long elementSize = Integer.toUnsignedLong(datatype.getInt(4));
        boolean string = typeClass == CLASS_STRING || typeClass == CLASS_VARIABLE_LENGTH && (bits & 0x0F) == 1;
        String description = describe(typeClass, bits, elementSize, elements);
        if (!string || elements < 1) {
            return new Hdf5Attribute(name, Optional.empty(), description);
        }
        if (elements > MAX_STRINGS) {
            throw invalid(message, "attribute " + Printable.quoted(name) + " holds " + elements + " strings; ecdkit reads at most "
                    + MAX_STRINGS);
        }
        ByteBuffer value = data.slice().order(data.order());
        List<String> texts = new ArrayList<>();
        long total = 0;
        for (long i = 0; i < elements; i++) {
            String text = typeClass == CLASS_STRING
                    ? fixedLength(message, name, value, elementSize, (bits & 0x0F) == 0)
                    : variableLength(message, name, value);
            total += text.length();
            if (total > maxValueBytes) {
                throw invalid(message, "attribute " + Printable.quoted(name) + " holds more than " + maxValueBytes
                        + " bytes; ecdkit reads at most that");
            }
            texts.add(text);
        }
        return new Hdf5Attribute(name, elements == 1 ? Optional.of(texts.get(0)) : Optional.empty(), description, texts);
    }

    private String fixedLength(HeaderMessage message, String name, ByteBuffer value, long elementSize, boolean nullTerminated) {
        if (elementSize > maxValueBytes) {
            throw invalid(message, "attribute " + Printable.quoted(name) + " holds " + elementSize + " bytes; ecdkit reads at most "
                    + maxValueBytes);
        }
        if (value.remaining() < elementSize) {
            throw invalid(message, "attribute " + Printable.quoted(name) + ": its value is shorter than its datatype's "
                    + elementSize + " bytes");
        }
        ByteBuffer element = value.slice(value.position(), (int) elementSize);
        value.position(value.position() + (int) elementSize);
        return text(element, nullTerminated);
    }

    /** A variable-length string: its length, then a global heap ID (collection address, object index). */
    private String variableLength(HeaderMessage message, String name, ByteBuffer value) {
        if (value.remaining() < 4 + in.offsetSize() + 4) {
            throw invalid(message, "attribute " + Printable.quoted(name) + ": a variable-length value shorter than its heap reference");
        }
        long length = Integer.toUnsignedLong(value.getInt());
        long collection = in.offset(value);
        int index = value.getInt();
        if (length > maxValueBytes) {
            throw invalid(message, "attribute " + Printable.quoted(name) + " holds " + length + " bytes; ecdkit reads at most "
                    + maxValueBytes);
        }
        ByteBuffer object = GlobalHeap.object(in, collection, index, "attribute " + Printable.quoted(name));
        if (object.remaining() < length) {
            throw invalid(message, "attribute " + Printable.quoted(name) + ": its heap object is shorter than its declared length");
        }
        return text(object.limit((int) length), false);
    }

    private ByteBuffer slice(HeaderMessage message, ByteBuffer data, int size, boolean padded, String what) {
        int stored = padded ? (size + 7) & ~7 : size;
        if (data.remaining() < stored) {
            throw invalid(message, "an attribute message too short for " + what);
        }
        ByteBuffer part = data.slice(data.position(), size).order(data.order());
        data.position(data.position() + stored);
        return part;
    }

    /** The number of elements the dataspace describes: 1 for a scalar, 0 for null. */
    private long elements(HeaderMessage message, ByteBuffer space) {
        if (space.remaining() < 4) {
            throw invalid(message, "a dataspace too short");
        }
        int version = Byte.toUnsignedInt(space.get(0));
        int rank = Byte.toUnsignedInt(space.get(1));
        int dimsAt;
        if (version == 1) {
            dimsAt = 8;
        } else if (version == 2) {
            int type = Byte.toUnsignedInt(space.get(3));
            if (type == 2) {
                return 0;
            }
            dimsAt = 4;
        } else {
            throw invalid(message, "dataspace version " + version + "; HDF5 defines 1 and 2");
        }
        if (space.remaining() < dimsAt + (long) rank * in.lengthSize()) {
            throw invalid(message, "a dataspace too short for its " + rank + " dimensions");
        }
        space.position(dimsAt);
        long count = 1;
        for (int i = 0; i < rank; i++) {
            long dim = in.length(space);
            count = dim < 0 || count > Long.MAX_VALUE / Math.max(1, dim) ? Long.MAX_VALUE : count * dim;
        }
        return count;
    }

    private static String describe(int typeClass, int bits, long size, long elements) {
        String kind = typeClass == CLASS_VARIABLE_LENGTH
                ? ((bits & 0x0F) == 1 ? "variable-length " + charset(bits >> 8) + " string" : "variable-length sequence")
                : typeClass == CLASS_STRING ? size + "-byte " + charset(bits >> 4) + " string"
                : typeClass < CLASS_NAMES.length ? size + "-byte " + CLASS_NAMES[typeClass] : "class " + typeClass;
        return elements == 1 ? kind : kind + " array of " + elements;
    }

    private static String charset(int value) {
        return (value & 0x0F) == 1 ? "UTF-8" : "ASCII";
    }

    /** Decodes a string, cut at its first NUL when null-terminated, trailing NULs and spaces dropped when padded. */
    private static String text(ByteBuffer bytes, boolean nullTerminated) {
        byte[] raw = new byte[bytes.remaining()];
        bytes.duplicate().get(raw);
        int end = raw.length;
        if (nullTerminated) {
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    end = i;
                    break;
                }
            }
        } else {
            while (end > 0 && (raw[end - 1] == 0 || raw[end - 1] == ' ')) {
                end--;
            }
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    private RuntimeException invalid(HeaderMessage message, String problem) {
        return in.invalid(message.offset(), problem);
    }
}
