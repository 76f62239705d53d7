package org.ecdkit.model.tensorflow;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.model.Shape;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code NodeDef} of tensorflow/core/framework/node_def.proto: name 1, op 2, input 3, attr 5 (a map of
 * {@code AttrValue}). Only the attributes that tell types, shapes and layouts are read: dtype, T,
 * output_type, shape, _output_shapes, data_format. A Const node's tensor (attr "value") is skipped by
 * seeking, so a frozen graph's weights are never read.
 *
 * @param dataType     the node's dtype, T or output_type attribute, or 0
 * @param shape        its shape attribute (Placeholder), or unknown rank
 * @param outputShapes its _output_shapes attribute, empty when absent
 * @param dataFormat   its data_format attribute ("NHWC", "NCHW"), or empty
 */
record NodeDef(String name, String op, List<String> inputs, int dataType, Shape shape, List<Shape> outputShapes,
        String dataFormat) {

    private static final int MAX_INPUTS = 100_000;

    static NodeDef parse(ProtoReader in) {
        String name = "";
        String op = "";
        List<String> inputs = new ArrayList<>();
        Attributes attributes = new Attributes();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> name = in.readString(tag, 4096);
                case 2 -> op = in.readString(tag, 4096);
                case 3 -> {
                    if (inputs.size() >= MAX_INPUTS) {
                        throw in.invalid(in.position(), "a node with more than " + MAX_INPUTS + " inputs");
                    }
                    inputs.add(in.readString(tag, 4096));
                }
                case 5 -> in.readMessage(tag, "attr", r -> attributes.entry(r));
                default -> in.skip(tag);
            }
        }
        return new NodeDef(name, op, inputs, attributes.dataType, attributes.shape, attributes.outputShapes,
                attributes.dataFormat);
    }

    /** The attribute map's entries, read into the few values inspection needs. */
    private static final class Attributes {
        int dataType;
        Shape shape = Shape.unknownRank();
        List<Shape> outputShapes = new ArrayList<>();
        String dataFormat = "";

        /** A map entry: key 1, then value 2 (serializers write them in that order; a value before its key is skipped). */
        Void entry(ProtoReader in) {
            String key = "";
            while (in.hasMore()) {
                int tag = in.readTag();
                if (ProtoReader.fieldNumber(tag) == 1) {
                    key = in.readString(tag, 4096);
                } else if (ProtoReader.fieldNumber(tag) == 2 && !key.isEmpty()) {
                    String k = key;
                    in.readMessage(tag, "value", r -> value(r, k));
                } else {
                    in.skip(tag);
                }
            }
            return null;
        }

        /** {@code AttrValue}: list 1, s 2, i 3, f 4, b 5, type 6, shape 7, tensor 8 (skipped). */
        private Void value(ProtoReader in, String key) {
            while (in.hasMore()) {
                int tag = in.readTag();
                switch (ProtoReader.fieldNumber(tag)) {
                    case 2 -> {
                        // AttrValue.s is bytes, not text: Keras 3's export puts a serialized module of
                        // megabytes there (XlaCallModule's "module"). Only data_format is read, as a name.
                        if (key.equals("data_format")) {
                            dataFormat = in.readString(tag, 64);
                        } else {
                            in.skip(tag);
                        }
                    }
                    case 6 -> {
                        int type = in.readInt32(tag);
                        if (key.equals("dtype") || key.equals("T") && dataType == 0 || key.equals("output_type")) {
                            dataType = type;
                        }
                    }
                    case 7 -> {
                        Shape parsed = in.readMessage(tag, "shape", TensorShapeProto::parse);
                        if (key.equals("shape")) {
                            shape = parsed;
                        }
                    }
                    case 1 -> {
                        if (key.equals("_output_shapes")) {
                            in.readMessage(tag, "list", this::shapes);
                        } else {
                            in.skip(tag);
                        }
                    }
                    default -> in.skip(tag);
                }
            }
            return null;
        }

        /** {@code AttrValue.ListValue}: shape 7. */
        private Void shapes(ProtoReader in) {
            while (in.hasMore()) {
                int tag = in.readTag();
                if (ProtoReader.fieldNumber(tag) == 7 && outputShapes.size() < 1024) {
                    outputShapes.add(in.readMessage(tag, "shape", TensorShapeProto::parse));
                } else {
                    in.skip(tag);
                }
            }
            return null;
        }
    }
}
