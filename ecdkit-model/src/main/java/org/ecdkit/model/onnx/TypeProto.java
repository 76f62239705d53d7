package org.ecdkit.model.onnx;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.Shape;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code TypeProto} of onnx.proto: a tensor type (element type and optional shape) or a container
 * type (sequence, map, optional), which ecdkit reports by kind only.
 *
 * @param kind     "tensor", "sparse tensor", "sequence", "map", "optional" or "unknown"
 * @param elemType the {@code TensorProto.DataType} of a tensor type, 0 otherwise
 * @param shape    the shape; unknown rank when the type records none
 */
record TypeProto(String kind, int elemType, Shape shape) {

    private static final int MAX_RANK = 64;
    private static final int MAX_NAME = 4096;

    static TypeProto parse(ProtoReader in) {
        TypeProto result = new TypeProto("unknown", 0, Shape.unknownRank());
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> result = in.readMessage(tag, "tensor_type", r -> tensor(r, "tensor"));
                case 8 -> result = in.readMessage(tag, "sparse_tensor_type", r -> tensor(r, "sparse tensor"));
                case 4 -> result = kindOnly(in, tag, "sequence");
                case 5 -> result = kindOnly(in, tag, "map");
                case 9 -> result = kindOnly(in, tag, "optional");
                default -> in.skip(tag);
            }
        }
        return result;
    }

    private static TypeProto kindOnly(ProtoReader in, int tag, String kind) {
        in.skip(tag);
        return new TypeProto(kind, 0, Shape.unknownRank());
    }

    private static TypeProto tensor(ProtoReader in, String kind) {
        int elemType = 0;
        Shape shape = Shape.unknownRank();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> elemType = in.readInt32(tag);
                case 2 -> shape = in.readMessage(tag, "shape", TypeProto::shape);
                default -> in.skip(tag);
            }
        }
        return new TypeProto(kind, elemType, shape);
    }

    /** {@code TensorShapeProto}: a list of {@code Dimension}s, each a value, a parameter name or neither. */
    private static Shape shape(ProtoReader in) {
        List<Dim> dims = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) == 1) {
                if (dims.size() >= MAX_RANK) {
                    throw in.invalid(in.position(), "a shape of more than " + MAX_RANK + " dimensions");
                }
                dims.add(in.readMessage(tag, "dim", TypeProto::dimension));
            } else {
                in.skip(tag);
            }
        }
        return Shape.of(dims);
    }

    private static Dim dimension(ProtoReader in) {
        Dim dim = Dim.unknown();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> {
                    long value = in.readVarint(tag);
                    dim = value >= 0 ? Dim.of(value) : Dim.unknown();
                }
                case 2 -> {
                    String name = in.readString(tag, MAX_NAME);
                    dim = name.isEmpty() ? Dim.unknown() : Dim.symbolic(name);
                }
                default -> in.skip(tag);
            }
        }
        return dim;
    }
}
