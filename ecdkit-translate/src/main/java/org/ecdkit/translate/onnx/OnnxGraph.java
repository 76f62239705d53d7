package org.ecdkit.translate.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecdkit.translate.onnx.proto.Onnx.AttributeProto;
import org.ecdkit.translate.onnx.proto.Onnx.GraphProto;
import org.ecdkit.translate.onnx.proto.Onnx.ModelProto;
import org.ecdkit.translate.onnx.proto.Onnx.NodeProto;
import org.ecdkit.translate.onnx.proto.Onnx.OperatorSetIdProto;
import org.ecdkit.translate.onnx.proto.Onnx.StringStringEntryProto;
import org.ecdkit.translate.onnx.proto.Onnx.TensorProto;
import org.ecdkit.translate.onnx.proto.Onnx.TensorShapeProto;
import org.ecdkit.translate.onnx.proto.Onnx.TypeProto;
import org.ecdkit.translate.onnx.proto.Onnx.ValueInfoProto;

/**
 * An ONNX graph being written: inputs, outputs, nodes in topological order, and initializers (the
 * weights). Every value gets a name no other value has. Finished with {@link #model}, one ONNX model
 * of the default domain at {@link #OPSET}, which ONNX Runtime 1.14 and later run.
 *
 * <p>Zero padding before a MaxPool: ONNX Runtime (1.29, 1.30) fuses a zero Pad into a following
 * MaxPool, whose own padding is minus infinity, so a window of negative values at the edge changes
 * its maximum (measured on a TFLite PAD then MAX_POOL_2D: 0.04 off). It does not fuse into a MaxPool
 * that also outputs indices, so translations give such a MaxPool that second, unused output
 * ({@link #zeroPadded}). Naming the Pad's axes (opset 18) would also stop the fusion, but ONNX
 * Runtime's transpose optimiser then fails on the Pad (a Gather out of range).
 */
public final class OnnxGraph {

    public static final int OPSET = 18;
    /** IR version 8 goes with opsets up to 18. */
    public static final long IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Set<String> reserved = new HashSet<>();
    private final Set<String> zeroPadded = new HashSet<>();
    private int nodes;

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** {@code base}, or {@code base_1}, {@code base_2}, ... : a name no value of the graph has yet. */
    public String unique(String base) {
        String name = base.isEmpty() ? "value" : base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** Keeps {@code name} for an output named later with {@link #output}: no value made before then takes it. */
    public void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException(name + " is named twice");
        }
        reserved.add(name);
    }

    /**
     * A float input; a dimension below zero is symbolic, named "batch" on axis 0 of a batched input,
     * else after the input and the axis ({@code image_2}).
     */
    public String input(String name, long[] dims, boolean batched) {
        String[] symbols = new String[dims.length];
        for (int i = 0; i < dims.length; i++) {
            symbols[i] = batched && i == 0 ? "batch" : name + "_" + i;
        }
        return input(name, dims, symbols);
    }

    /** A float input; a dimension below zero is symbolic (named {@code symbols[i]}). */
    public String input(String name, long[] dims, String[] symbols) {
        String unique = unique(name);
        if (!unique.equals(name)) {
            throw new IllegalArgumentException("input " + name + " is named twice");
        }
        graph.addInput(valueInfo(name, dims, symbols));
        return name;
    }

    /** Makes {@code value} an output named {@code name} (through an Identity where the names differ). */
    public void output(String value, String name) {
        String outputName = value;
        if (!value.equals(name)) {
            if (!reserved.remove(name) && !names.add(name)) {
                throw new IllegalArgumentException("output " + name + " is named twice");
            }
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output_" + name).addInput(value).addOutput(name));
            outputName = name;
        }
        graph.addOutput(ValueInfoProto.newBuilder().setName(outputName).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
    }

    public String weight(String base, FloatTensor tensor) {
        String name = unique(base);
        ByteBuffer bytes = ByteBuffer.allocate(tensor.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(tensor.values());
        TensorProto.Builder proto = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : tensor.shape()) {
            proto.addDims(dim);
        }
        graph.addInitializer(proto);
        return name;
    }

    public String scalar(String base, float value) {
        return weight(base, FloatTensor.scalar(value));
    }

    /** A constant Pad; {@code value} is the padding value's name, or empty for zero. */
    public String pad(String input, long[] pads, String value, String base) {
        boolean any = java.util.Arrays.stream(pads).anyMatch(p -> p != 0);
        if (!any) {
            return input;
        }
        String pad = value.isEmpty() ? node("Pad", input, int64s(base + "_pads", pads)).attr("mode", "constant").output(base)
                : node("Pad", input, int64s(base + "_pads", pads), value).attr("mode", "constant").output(base);
        if (value.isEmpty()) {
            zeroPadded.add(pad);
        }
        return pad;
    }

    /** Whether {@code value} comes from a zero Pad, possibly through Transposes (see the class comment). */
    public boolean zeroPadded(String value) {
        return zeroPadded.contains(value);
    }

    /** A Transpose of {@code value}; what is known of the value's padding carries over. */
    public String transpose(String value, long[] perm, String base) {
        String out = node("Transpose", value).attr("perm", perm).output(base);
        if (zeroPadded.contains(value)) {
            zeroPadded.add(out);
        }
        return out;
    }

    /** A zero point for QuantizeLinear and DequantizeLinear: a scalar int8 or uint8. */
    public String zeroPoint(String base, boolean signed, long value) {
        String name = unique(base);
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(signed ? TensorProto.DataType.INT8_VALUE : TensorProto.DataType.UINT8_VALUE)
                .setRawData(ByteString.copyFrom(new byte[] {(byte) value})));
        return name;
    }

    /** An int64 vector: a shape, axes, pads or Resize's sizes as operators take them. */
    public String int64s(String base, long... values) {
        String name = unique(base);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /**
     * Resize's sizes input for a channels-first value: its own batch and channels, then
     * {@code spatial} (opset 17's Resize takes sizes for every axis).
     */
    public String resizeSizes(String value, String base, long... spatial) {
        String shape = node("Shape", value).output(base + "_input_shape");
        String batchChannels = node("Slice", shape, int64s(base + "_zero", 0), int64s(base + "_two", 2))
                .output(base + "_batch_channels");
        return node("Concat", batchChannels, int64s(base + "_size", spatial)).attr("axis", 0L).output(base + "_sizes");
    }

    /** A node; finish it with {@link Node#output}. An empty input name is an omitted optional input. */
    public Node node(String opType, String... inputs) {
        return new Node(opType, List.of(inputs));
    }

    public int nodeCount() {
        return nodes;
    }

    public ModelProto model(String producer, String producerVersion, String doc, List<String[]> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer)
                .setProducerVersion(producerVersion).setDocString(doc).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        for (String[] entry : metadata) {
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(entry[0]).setValue(entry[1]));
        }
        return model.build();
    }

    private static ValueInfoProto valueInfo(String name, long[] dims, String[] symbols) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            shape.addDim(dims[i] >= 0 ? TensorShapeProto.Dimension.newBuilder().setDimValue(dims[i])
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(symbols[i]));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** A node being built: attributes, then its output. */
    public final class Node {

        private final NodeProto.Builder node;
        private String unusedOutput;

        private Node(String opType, List<String> inputs) {
            node = NodeProto.newBuilder().setOpType(opType).addAllInput(inputs);
        }

        /** Gives the node a second output nothing reads (a MaxPool's indices), named after the first. */
        public Node unusedOutput(String suffix) {
            this.unusedOutput = suffix;
            return this;
        }

        public Node attr(String name, long value) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value));
            return this;
        }

        public Node attr(String name, float value) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value));
            return this;
        }

        public Node attr(String name, String value) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(value)));
            return this;
        }

        public Node attr(String name, long... values) {
            AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long value : values) {
                attribute.addInts(value);
            }
            node.addAttribute(attribute);
            return this;
        }

        /** Adds the node, its output named after {@code base}, and returns that name. */
        public String output(String base) {
            String name = unique(base);
            node.setName(name).addOutput(name);
            if (unusedOutput != null) {
                node.addOutput(unique(name + "_" + unusedOutput));
            }
            graph.addNode(node);
            nodes++;
            return name;
        }
    }
}
