package org.ecdkit.model.onnx;

import org.ecdkit.model.protobuf.ProtoReader;

/** {@code StringStringEntryProto} of onnx.proto: key 1, value 2. */
record StringEntry(String key, String value) {

    private static final int MAX_KEY = 4096;

    static StringEntry parse(ProtoReader in, int maxValue) {
        String key = "";
        String value = "";
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> key = in.readString(tag, MAX_KEY);
                case 2 -> value = in.readString(tag, maxValue);
                default -> in.skip(tag);
            }
        }
        return new StringEntry(key, value);
    }
}
