package org.ecdkit.model.onnx;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * {@code ModelProto} of onnx.proto, the root message of an .onnx file.
 *
 * @param irVersion       {@code ir_version}
 * @param opsets          {@code opset_import}: domain ("" is the default ONNX domain) to version
 * @param producerName    {@code producer_name}
 * @param producerVersion {@code producer_version}
 * @param graph           the main graph, or null when the file has none
 * @param metadata        {@code metadata_props}, in file order
 * @param bytesFetched    how many bytes parsing actually read from the file
 */
record ModelProto(long irVersion, Map<String, Long> opsets, String producerName, String producerVersion,
        GraphProto graph, Map<String, String> metadata, long bytesFetched) {

    /** The largest metadata value kept (Deepness and friends store small JSON documents there). */
    static final int MAX_METADATA_VALUE = 1 << 20;
    private static final int MAX_METADATA = 4096;

    static ModelProto read(SeekableByteChannel channel, Path file, long size) {
        ProtoReader in = new ProtoReader(channel, file, 0, size);
        long irVersion = 0;
        Map<String, Long> opsets = new LinkedHashMap<>();
        String producerName = "";
        String producerVersion = "";
        GraphProto graph = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case 1 -> irVersion = in.readVarint(tag);
                case 2 -> producerName = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 3 -> producerVersion = in.readString(tag, ValueInfoProto.MAX_NAME);
                case 7 -> graph = in.readMessage(tag, "graph", GraphProto::parse);
                case 8 -> {
                    OperatorSetId opset = in.readMessage(tag, "opset_import", OperatorSetId::parse);
                    opsets.put(opset.domain(), opset.version());
                }
                case 14 -> {
                    StringEntry entry = in.readMessage(tag, "metadata_props", r -> StringEntry.parse(r, MAX_METADATA_VALUE));
                    if (metadata.size() >= MAX_METADATA) {
                        throw in.invalid(in.position(), "more than " + MAX_METADATA + " metadata properties");
                    }
                    metadata.put(entry.key(), entry.value());
                }
                default -> in.skip(tag);
            }
        }
        return new ModelProto(irVersion, opsets, producerName, producerVersion, graph, metadata, in.bytesFetched());
    }
}
