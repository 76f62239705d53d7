package org.ecdkit.model.tensorflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code GraphDef} of tensorflow/core/framework/graph.proto: node 1, library 2 (functions, whose
 * node_def 3 hold a TF2 SavedModel's real graph), versions 4 (producer 1). Nodes are kept when asked
 * (a frozen graph's inputs and outputs come from them); the layout-bearing operations of the graph
 * and its functions are counted either way.
 *
 * @param nodes    the top-level nodes, when kept
 * @param producer the TensorFlow graph version that produced it, or 0
 * @param votes    data_format votes of convolution, pooling and normalisation nodes
 */
record GraphDefProto(List<NodeDef> nodes, long producer, LayoutVotes votes) {

    static final int MAX_NODES = 1_000_000;

    /** Operations whose data_format says how images flow through the graph. */
    private static final Set<String> LAYOUT_OPS = Set.of("Conv2D", "Conv2DBackpropInput", "DepthwiseConv2dNative",
            "MaxPool", "AvgPool", "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "BiasAdd", "Conv3D");

    /** Counts of nodes declaring NHWC and NCHW. */
    static final class LayoutVotes {
        int channelsLast;
        int channelsFirst;

        void count(NodeDef node) {
            if (!LAYOUT_OPS.contains(node.op())) {
                return;
            }
            // TensorFlow's default data_format is NHWC for all of these.
            if (node.dataFormat().equals("NCHW") || node.dataFormat().equals("NCDHW")) {
                channelsFirst++;
            } else {
                channelsLast++;
            }
        }
    }

    static GraphDefProto parse(ProtoReader in, boolean keepNodes) {
        List<NodeDef> nodes = new ArrayList<>();
        LayoutVotes votes = new LayoutVotes();
        long[] producer = {0};
        long count = 0;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> {
                    if (++count > MAX_NODES) {
                        throw in.invalid(in.position(), "a graph of more than " + MAX_NODES + " nodes");
                    }
                    NodeDef node = in.readMessage(tag, "node", NodeDef::parse);
                    votes.count(node);
                    if (keepNodes) {
                        nodes.add(node);
                    }
                }
                case 2 -> in.readMessage(tag, "library", r -> library(r, votes));
                case 4 -> in.readMessage(tag, "versions", r -> {
                    while (r.hasMore()) {
                        int t = r.readTag();
                        if (ProtoReader.fieldNumber(t) == 1) {
                            producer[0] = r.readVarint(t);
                        } else {
                            r.skip(t);
                        }
                    }
                    return null;
                });
                default -> in.skip(tag);
            }
        }
        return new GraphDefProto(nodes, producer[0], votes);
    }

    /** {@code FunctionDefLibrary}: function 1; each {@code FunctionDef}: node_def 3. */
    private static Void library(ProtoReader in, LayoutVotes votes) {
        while (in.hasMore()) {
            int tag = in.readTag();
            if (ProtoReader.fieldNumber(tag) == 1) {
                in.readMessage(tag, "function", r -> {
                    while (r.hasMore()) {
                        int t = r.readTag();
                        if (ProtoReader.fieldNumber(t) == 3) {
                            votes.count(r.readMessage(t, "node_def", NodeDef::parse));
                        } else {
                            r.skip(t);
                        }
                    }
                    return null;
                });
            } else {
                in.skip(tag);
            }
        }
        return null;
    }
}
