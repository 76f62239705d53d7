package org.ecdkit.model.tensorflow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code SignatureDef} of meta_graph.proto: inputs 1 and outputs 2 (maps of key to {@link TensorInfo}),
 * method_name 3. Map entries are protobuf's: key 1, value 2.
 */
record SignatureDef(Map<String, TensorInfo> inputs, Map<String, TensorInfo> outputs, String methodName) {

    private static final int MAX_TENSORS = 10_000;

    static SignatureDef parse(ProtoReader in) {
        Map<String, TensorInfo> inputs = new LinkedHashMap<>();
        Map<String, TensorInfo> outputs = new LinkedHashMap<>();
        String method = "";
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> put(in, inputs, in.readMessage(tag, "inputs", SignatureDef::entry));
                case 2 -> put(in, outputs, in.readMessage(tag, "outputs", SignatureDef::entry));
                case 3 -> method = in.readString(tag, 4096);
                default -> in.skip(tag);
            }
        }
        return new SignatureDef(inputs, outputs, method);
    }

    private static void put(ProtoReader in, Map<String, TensorInfo> map, Map.Entry<String, TensorInfo> entry) {
        if (map.size() >= MAX_TENSORS) {
            throw in.invalid(in.position(), "a signature of more than " + MAX_TENSORS + " tensors");
        }
        map.put(entry.getKey(), entry.getValue());
    }

    private static Map.Entry<String, TensorInfo> entry(ProtoReader in) {
        String key = "";
        TensorInfo value = new TensorInfo("", 0, org.ecdkit.core.model.Shape.unknownRank(), true);
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> key = in.readString(tag, 4096);
                case 2 -> value = in.readMessage(tag, "value", TensorInfo::parse);
                default -> in.skip(tag);
            }
        }
        return Map.entry(key, value);
    }
}
