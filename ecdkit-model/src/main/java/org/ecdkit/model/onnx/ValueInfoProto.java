package org.ecdkit.model.onnx;

import org.ecdkit.core.model.Shape;
import org.ecdkit.model.protobuf.ProtoReader;

/** {@code ValueInfoProto} of onnx.proto: a named, typed graph input or output. */
record ValueInfoProto(String name, TypeProto type) {

    static final int MAX_NAME = 4096;

    static ValueInfoProto parse(ProtoReader in) {
        String name = "";
        TypeProto type = new TypeProto("unknown", 0, Shape.unknownRank());
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> name = in.readString(tag, MAX_NAME);
                case 2 -> type = in.readMessage(tag, "type", TypeProto::parse);
                default -> in.skip(tag);
            }
        }
        return new ValueInfoProto(name, type);
    }
}
