package org.ecdkit.model.onnx;

import org.ecdkit.model.protobuf.ProtoReader;

/** {@code OperatorSetIdProto} of onnx.proto; "ai.onnx" is read as the default domain "". */
record OperatorSetId(String domain, long version) {

    static OperatorSetId parse(ProtoReader in) {
        String domain = "";
        long version = 0;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> domain = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 2 -> version = in.readVarint(tag);
                default -> in.skip(tag);
            }
        }
        return new OperatorSetId(domain.equals("ai.onnx") ? "" : domain, version);
    }
}
