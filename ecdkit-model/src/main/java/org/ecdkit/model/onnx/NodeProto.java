package org.ecdkit.model.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code NodeProto} of onnx.proto, with the attributes that tell a tensor's layout ({@code perm} of
 * Transpose, {@code axis} and {@code keepdims} of ArgMax and Softmax) and how far a node reaches
 * across pixels ({@code kernel_shape}, {@code strides}, {@code dilations}, {@code axes},
 * {@code blocksize}), and how many channels a layer takes or gives (a convolution's {@code group},
 * Gemm's {@code transB}). Other attributes, and any tensor or subgraph they hold, are skipped.
 */
record NodeProto(String opType, List<String> inputs, List<String> outputs, List<Long> perm,
        OptionalLong axis, OptionalLong keepdims, Map<String, List<Long>> spatial) {

    /** The integer attributes kept: for {@link OnnxReceptiveField}, and for channel counts. */
    static final Set<String> SPATIAL = Set.of("kernel_shape", "strides", "dilations", "axes", "blocksize", "group",
            "transB");

    NodeProto {
        spatial = Map.copyOf(spatial);
    }

    /** The integer list attribute {@code name}, or empty. */
    List<Long> ints(String name) {
        return spatial.getOrDefault(name, List.of());
    }

    private static final int MAX_EDGES = 4096;

    static NodeProto parse(ProtoReader in) {
        String opType = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<Long> perm = new ArrayList<>();
        long[] axis = {Long.MIN_VALUE};
        long[] keepdims = {Long.MIN_VALUE};
        Map<String, List<Long>> spatial = new HashMap<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> addEdge(in, tag, inputs);
                case 2 -> addEdge(in, tag, outputs);
                case 4 -> opType = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 5 -> in.readMessage(tag, "attribute", r -> attribute(r, perm, axis, keepdims, spatial));
                default -> in.skip(tag);
            }
        }
        return new NodeProto(opType, inputs, outputs, perm, optional(axis[0]), optional(keepdims[0]), spatial);
    }

    private static OptionalLong optional(long value) {
        return value == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static void addEdge(ProtoReader in, int tag, List<String> edges) {
        if (edges.size() >= MAX_EDGES) {
            throw in.invalid(in.position(), "a node with more than " + MAX_EDGES + " inputs or outputs");
        }
        edges.add(in.readString(tag, ValueInfoProto.MAX_NAME));
    }

    /** {@code AttributeProto}: name 1, i 3, ints 8; everything else skipped. */
    private static Void attribute(ProtoReader in, List<Long> perm, long[] axis, long[] keepdims,
            Map<String, List<Long>> spatial) {
        String name = "";
        long integer = Long.MIN_VALUE;
        List<Long> ints = new ArrayList<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> name = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 3 -> integer = in.readVarint(tag);
                case 8 -> in.readRepeatedVarints(tag, ints, 64);
                default -> in.skip(tag);
            }
        }
        if (SPATIAL.contains(name)) {
            spatial.put(name, ints.isEmpty() && integer != Long.MIN_VALUE ? List.of(integer) : List.copyOf(ints));
        }
        switch (name) {
            case "perm" -> perm.addAll(ints);
            case "axis" -> axis[0] = integer;
            case "keepdims" -> keepdims[0] = integer;
            default -> {
                // Not an attribute that tells a layout.
            }
        }
        return null;
    }
}
