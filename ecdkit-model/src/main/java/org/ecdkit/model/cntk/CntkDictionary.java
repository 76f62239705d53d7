package org.ecdkit.model.cntk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * Reads CNTK.proto's messages into {@link CntkValue} trees: {@code Dictionary} (version 1, data 2:
 * a map of string to DictionaryValue), {@code DictionaryValue} (value_type 2, then bool_value 3,
 * int_value 4, size_t_value 5, float_value 6, double_value 7, string_value 8, nd_shape_value 9,
 * axis_value 10, vector_value 11, dictionary_value 12, nd_array_view_value 13), {@code NDShape}
 * (shape_dim 1, packed), {@code Axis} (static_axis_idx 1, name 2, is_ordered_dynamic_axis 3),
 * {@code Vector} (value 1) and {@code NDArrayView} (data_type 1, shape 3, float_values 4 and
 * double_values 5, each a message of packed values in field 1; read only when asked for, and only
 * as many as the shape holds).
 */
final class CntkDictionary {

    private static final int MAX_VALUES = 5_000_000;
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_RANK = 64;

    /** The most weights a translation reads from one file: 1 Gi values. */
    static final long MAX_WEIGHTS = 1L << 30;

    private final boolean weights;
    private int values;
    private long weightsRead;

    private CntkDictionary(boolean weights) {
        this.weights = weights;
    }

    static CntkValue.Dict read(ProtoReader in) {
        return new CntkDictionary(false).dictionary(in);
    }

    /** Reads the dictionary with the NDArrayViews' values. */
    static CntkValue.Dict readWithWeights(ProtoReader in) {
        return new CntkDictionary(true).dictionary(in);
    }

    private CntkValue.Dict dictionary(ProtoReader in) {
        Map<String, CntkValue> entries = new LinkedHashMap<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) == 2) {
                in.readMessage(tag, "data", r -> entry(r, entries));
            } else {
                in.skip(tag);
            }
        }
        return new CntkValue.Dict(entries);
    }

    private Void entry(ProtoReader in, Map<String, CntkValue> entries) {
        String key = "";
        CntkValue value = new CntkValue.None();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> key = in.readString(tag, MAX_STRING);
                case 2 -> value = in.readMessage(tag, key.isEmpty() ? "value" : key, this::value);
                default -> in.skip(tag);
            }
        }
        entries.put(key, value);
        return null;
    }

    private CntkValue value(ProtoReader in) {
        if (++values > MAX_VALUES) {
            throw in.invalid(in.position(), "more than " + MAX_VALUES + " values");
        }
        CntkValue value = new CntkValue.None();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 3 -> value = new CntkValue.Bool(in.readBool(tag));
                case 4, 5 -> value = new CntkValue.Number(in.readVarint(tag));
                case 6 -> value = new CntkValue.Number(in.readFloat(tag));
                case 7 -> value = new CntkValue.Number(in.readDouble(tag));
                case 8 -> value = new CntkValue.Text(in.readString(tag, MAX_STRING));
                case 9 -> value = new CntkValue.Shape(in.readMessage(tag, "nd_shape", CntkDictionary::shape));
                case 10 -> value = in.readMessage(tag, "axis", CntkDictionary::axis);
                case 11 -> value = in.readMessage(tag, "vector", this::vector);
                case 12 -> value = in.readMessage(tag, "dictionary", this::dictionary);
                case 13 -> value = in.readMessage(tag, "nd_array_view", this::arrayView);
                default -> in.skip(tag);
            }
        }
        return value;
    }

    private CntkValue vector(ProtoReader in) {
        List<CntkValue> items = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) == 1) {
                items.add(in.readMessage(tag, "value", this::value));
            } else {
                in.skip(tag);
            }
        }
        return new CntkValue.Vector(items);
    }

    private static long[] shape(ProtoReader in) {
        List<Long> dims = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) == 1) {
                in.readRepeatedVarints(tag, dims, MAX_RANK);
            } else {
                in.skip(tag);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static CntkValue axis(ProtoReader in) {
        int index = 0;
        String name = "";
        boolean dynamic = false;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> index = in.readInt32(tag);
                case 2 -> name = in.readString(tag, 4096);
                case 3 -> dynamic = in.readBool(tag);
                default -> in.skip(tag);
            }
        }
        return new CntkValue.Axis(index, name, dynamic);
    }

    private CntkValue arrayView(ProtoReader in) {
        int dataType = 0;
        long[] dims = new long[0];
        float[] data = new float[0];
        long start = in.position();
        while (in.hasMore()) {
            int tag = in.readTag();
            int field = ProtoReader.fieldNumber(tag);
            if (field == 1) {
                dataType = in.readInt32(tag);
            } else if (field == 3) {
                dims = in.readMessage(tag, "shape", CntkDictionary::shape);
            } else if (weights && (field == 4 || field == 5)) {
                data = in.readMessage(tag, field == 4 ? "float_values" : "double_values", r -> values(r, field == 5));
            } else {
                in.skip(tag);
            }
        }
        if (weights) {
            long count = 1;
            for (long dim : dims) {
                count = dim < 0 || count > MAX_WEIGHTS / Math.max(dim, 1) ? Long.MAX_VALUE : count * dim;
            }
            if (count != data.length) {
                throw in.invalid(start, "an NDArrayView of shape " + java.util.Arrays.toString(dims) + " holds " + data.length
                        + " values; its shape needs " + (count == Long.MAX_VALUE ? "more than " + MAX_WEIGHTS : count)
                        + " (the file is truncated or damaged)");
            }
        }
        return new CntkValue.ArrayView(dataType, dims, data);
    }

    /** FloatValues or DoubleValues: field 1, packed (or, as protobuf allows, one value per field). */
    private float[] values(ProtoReader in, boolean doubles) {
        int size = doubles ? 8 : 4;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) != 1) {
                in.skip(tag);
            } else if (ProtoReader.wireType(tag) == 2) {
                long room = (MAX_WEIGHTS - weightsRead) * size;
                byte[] packed = in.readBytes(tag, (int) Math.min(Integer.MAX_VALUE - 8, room));
                bytes.writeBytes(packed);
                weightsRead += packed.length / size;
            } else {
                java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                if (doubles) {
                    one.putDouble(in.readDouble(tag));
                } else {
                    one.putFloat(in.readFloat(tag));
                }
                bytes.writeBytes(one.array());
                if (++weightsRead > MAX_WEIGHTS) {
                    throw in.invalid(in.position(), "more than " + MAX_WEIGHTS + " weights");
                }
            }
        }
        java.nio.ByteBuffer all = java.nio.ByteBuffer.wrap(bytes.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] result = new float[all.remaining() / size];
        for (int i = 0; i < result.length; i++) {
            result[i] = doubles ? (float) all.getDouble() : all.getFloat();
        }
        return result;
    }
}
