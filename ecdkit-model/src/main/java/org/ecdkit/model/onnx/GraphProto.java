package org.ecdkit.model.onnx;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code GraphProto} of onnx.proto: nodes, declared inputs and outputs, and the names of the
 * initializers (weights), whose data is skipped.
 *
 * @param name            the graph's name
 * @param nodes           the nodes, up to {@link #MAX_NODES}
 * @param nodeCount       how many nodes the graph has, even beyond those kept
 * @param initializers    the names of all initializers (older IR versions also list them as inputs)
 * @param externalTensors initializers whose data lies in other files
 * @param inputs          declared inputs, initializers included
 * @param outputs         declared outputs
 * @param initializerDims each initializer's dims (a convolution's kernel size where it has no kernel_shape)
 */
record GraphProto(String name, List<NodeProto> nodes, long nodeCount, Set<String> initializers,
        List<TensorProto> externalTensors, List<ValueInfoProto> inputs, List<ValueInfoProto> outputs,
        java.util.Map<String, List<Long>> initializerDims) {

    /** Nodes kept for the layout evidence; a graph with more is still inspected, on its declarations. */
    static final int MAX_NODES = 1_000_000;
    private static final int MAX_VALUES = 1_000_000;

    static GraphProto parse(ProtoReader in) {
        String name = "";
        List<NodeProto> nodes = new ArrayList<>();
        long nodeCount = 0;
        Set<String> initializers = new LinkedHashSet<>();
        List<TensorProto> external = new ArrayList<>();
        List<ValueInfoProto> inputs = new ArrayList<>();
        List<ValueInfoProto> outputs = new ArrayList<>();
        java.util.Map<String, List<Long>> dims = new java.util.HashMap<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> {
                    nodeCount++;
                    if (nodes.size() < MAX_NODES) {
                        nodes.add(in.readMessage(tag, "node", NodeProto::parse));
                    } else {
                        in.skip(tag);
                    }
                }
                case 2 -> name = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 5, 15 -> {
                    TensorProto tensor = ProtoReader.fieldNumber(tag) == 5
                            ? in.readMessage(tag, "initializer", TensorProto::parse)
                            : in.readMessage(tag, "sparse_initializer", TensorProto::parseSparse);
                    if (initializers.size() >= MAX_VALUES) {
                        throw in.invalid(in.position(), "more than " + MAX_VALUES + " initializers");
                    }
                    initializers.add(tensor.name());
                    dims.put(tensor.name(), tensor.dims());
                    if (tensor.external()) {
                        external.add(tensor);
                    }
                }
                case 11 -> add(in, inputs, in.readMessage(tag, "input", ValueInfoProto::parse));
                case 12 -> add(in, outputs, in.readMessage(tag, "output", ValueInfoProto::parse));
                default -> in.skip(tag);
            }
        }
        return new GraphProto(name, nodes, nodeCount, initializers, external, inputs, outputs, dims);
    }

    private static void add(ProtoReader in, List<ValueInfoProto> list, ValueInfoProto value) {
        if (list.size() >= MAX_VALUES) {
            throw in.invalid(in.position(), "more than " + MAX_VALUES + " graph inputs or outputs");
        }
        list.add(value);
    }
}
