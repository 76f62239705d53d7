package org.ecdkit.model.tensorflow;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.Shape;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code TensorShapeProto} of tensorflow/core/framework/tensor_shape.proto: dim 2 (each {@code Dim}:
 * size 1, name 2), unknown_rank 3. A size of -1 is an unknown dimension.
 */
final class TensorShapeProto {

    private static final int MAX_RANK = 64;

    private TensorShapeProto() {
    }

    static Shape parse(ProtoReader in) {
        List<Dim> dims = new ArrayList<>();
        boolean unknownRank = false;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 2 -> {
                    if (dims.size() >= MAX_RANK) {
                        throw in.invalid(in.position(), "a shape of more than " + MAX_RANK + " dimensions");
                    }
                    dims.add(in.readMessage(tag, "dim", TensorShapeProto::dim));
                }
                case 3 -> unknownRank = in.readBool(tag);
                default -> in.skip(tag);
            }
        }
        return unknownRank ? Shape.unknownRank() : Shape.of(dims);
    }

    private static Dim dim(ProtoReader in) {
        long size = 0;
        String name = "";
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> size = in.readVarint(tag);
                case 2 -> name = in.readString(tag, 4096);
                default -> in.skip(tag);
            }
        }
        if (size >= 0) {
            return Dim.of(size);
        }
        return name.isEmpty() ? Dim.unknown() : Dim.symbolic(name);
    }
}
