package org.ecdkit.model.tensorflow;

import org.ecdkit.core.model.Shape;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code TensorInfo} of tensorflow/core/protobuf/meta_graph.proto: name 1 (the graph tensor, such as
 * "serving_default_input_1:0"), dtype 2, tensor_shape 3; sparse and composite encodings (4, 5) are
 * recorded as such.
 */
record TensorInfo(String tensorName, int dtype, Shape shape, boolean dense) {

    static TensorInfo parse(ProtoReader in) {
        String name = "";
        int dtype = 0;
        Shape shape = Shape.unknownRank();
        boolean dense = true;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> name = in.readString(tag, 4096);
                case 2 -> dtype = in.readInt32(tag);
                case 3 -> shape = in.readMessage(tag, "tensor_shape", TensorShapeProto::parse);
                case 4, 5 -> {
                    dense = false;
                    in.skip(tag);
                }
                default -> in.skip(tag);
            }
        }
        return new TensorInfo(name, dtype, shape, dense);
    }
}
