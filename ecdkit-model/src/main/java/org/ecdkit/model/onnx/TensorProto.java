package org.ecdkit.model.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code TensorProto} of onnx.proto, as far as inspection needs it: the initializer's name and, for
 * weights stored outside the model, where they are. The data itself ({@code raw_data},
 * {@code float_data}, ...) is skipped by seeking past it, never read.
 *
 * @param name         the initializer's name
 * @param external     whether {@code data_location} is EXTERNAL
 * @param externalData the {@code external_data} entries (location, offset, length, checksum)
 */
record TensorProto(String name, boolean external, Map<String, String> externalData, List<Long> dims) {

    private static final int MAX_ENTRY = 4096;

    static TensorProto parse(ProtoReader in) {
        String name = "";
        boolean external = false;
        Map<String, String> externalData = new LinkedHashMap<>();
        List<Long> dims = new java.util.ArrayList<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> in.readRepeatedVarints(tag, dims, 64);
                case 8 -> name = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 13 -> {
                    StringEntry entry = in.readMessage(tag, "external_data", r -> StringEntry.parse(r, MAX_ENTRY));
                    if (externalData.size() < 16) {
                        externalData.put(entry.key(), entry.value());
                    }
                }
                case 14 -> external = in.readVarint(tag) == 1;
                default -> in.skip(tag);
            }
        }
        return new TensorProto(name, external, externalData, List.copyOf(dims));
    }

    /** {@code SparseTensorProto}: only the name of its {@code values} tensor is the initializer's name. */
    static TensorProto parseSparse(ProtoReader in) {
        TensorProto values = new TensorProto("", false, Map.of(), List.of());
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) == 1) {
                values = in.readMessage(tag, "values", TensorProto::parse);
            } else {
                in.skip(tag);
            }
        }
        return values;
    }
}
