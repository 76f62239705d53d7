package org.ecdkit.model.tensorflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code MetaGraphDef} of meta_graph.proto: meta_info_def 1 (tags 4, tensorflow_version 5),
 * graph_def 2, signature_def 5 (a map of key to {@link SignatureDef}).
 */
record MetaGraphDef(List<String> tags, String tensorflowVersion, Map<String, SignatureDef> signatures,
        GraphDefProto.LayoutVotes votes) {

    static MetaGraphDef parse(ProtoReader in) {
        List<String> tags = new ArrayList<>();
        String[] version = {""};
        Map<String, SignatureDef> signatures = new LinkedHashMap<>();
        GraphDefProto.LayoutVotes votes = new GraphDefProto.LayoutVotes();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> in.readMessage(tag, "meta_info_def", r -> {
                    while (r.hasMore()) {
                        int t = r.readTag();
                        switch (ProtoReader.fieldNumber(t)) {
                            case 4 -> {
                                if (tags.size() < 64) {
                                    tags.add(r.readString(t, 4096));
                                } else {
                                    r.skip(t);
                                }
                            }
                            case 5 -> version[0] = r.readString(t, 4096);
                            default -> r.skip(t);
                        }
                    }
                    return null;
                });
                case 2 -> {
                    GraphDefProto graph = in.readMessage(tag, "graph_def", r -> GraphDefProto.parse(r, false));
                    votes.channelsLast += graph.votes().channelsLast;
                    votes.channelsFirst += graph.votes().channelsFirst;
                }
                case 5 -> {
                    Map.Entry<String, SignatureDef> entry = in.readMessage(tag, "signature_def", MetaGraphDef::signature);
                    if (signatures.size() >= 1024) {
                        throw in.invalid(in.position(), "more than 1024 signatures");
                    }
                    signatures.put(entry.getKey(), entry.getValue());
                }
                default -> in.skip(tag);
            }
        }
        return new MetaGraphDef(tags, version[0], signatures, votes);
    }

    private static Map.Entry<String, SignatureDef> signature(ProtoReader in) {
        String key = "";
        SignatureDef value = new SignatureDef(Map.of(), Map.of(), "");
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> key = in.readString(tag, 4096);
                case 2 -> value = in.readMessage(tag, "value", SignatureDef::parse);
                default -> in.skip(tag);
            }
        }
        return Map.entry(key, value);
    }
}
