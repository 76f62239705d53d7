package org.ecdkit.model.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.PendingFile;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * Writes a copy of an ONNX model with some {@code metadata_props} (ModelProto field 14) set, every
 * other byte unchanged: the top-level fields are copied as the file has them, in order (graph and
 * weights byte for byte, by channel transfer, so a model of any size costs one copy), entries with
 * the keys being set are left out, and the new entries are appended. Protobuf merges repeated
 * fields in order, so readers see the file's other entries and the new ones.
 */
public final class OnnxMetadataEditor {

    private static final int MODEL_METADATA_PROPS = 14;

    private OnnxMetadataEditor() {
    }

    /** Copies {@code source} to {@code target} (atomically, never over one of {@code inputs}) with {@code properties} set. */
    public static void write(Path source, Map<String, String> properties, Path target, Collection<Path> inputs) {
        List<ProtoReader.Region> kept = new ArrayList<>();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            ProtoReader reader = new ProtoReader(in, source, 0, in.size());
            while (reader.hasMore()) {
                long start = reader.position();
                int tag = reader.readTag();
                boolean replaced = false;
                if (ProtoReader.fieldNumber(tag) == MODEL_METADATA_PROPS) {
                    StringEntry entry = reader.readMessage(tag, "metadata_props",
                            r -> StringEntry.parse(r, ModelProto.MAX_METADATA_VALUE));
                    replaced = properties.containsKey(entry.key());
                } else {
                    reader.skip(tag);
                }
                if (!replaced) {
                    add(kept, start, reader.position());
                }
            }
            try (PendingFile out = AtomicOutput.create(target, inputs)) {
                FileChannel channel = out.channel();
                for (ProtoReader.Region region : kept) {
                    long done = 0;
                    while (done < region.length()) {
                        done += in.transferTo(region.start() + done, region.length() - done, channel);
                    }
                }
                ByteBuffer appended = ByteBuffer.wrap(entries(properties));
                while (appended.hasRemaining()) {
                    channel.write(appended);
                }
                out.commit();
            }
        } catch (IOException e) {
            throw StorageException.of("copy", source, e);
        }
    }

    /** Adds [start, end), joining it to the previous region when they touch. */
    private static void add(List<ProtoReader.Region> regions, long start, long end) {
        if (!regions.isEmpty() && regions.get(regions.size() - 1).end() == start) {
            ProtoReader.Region last = regions.remove(regions.size() - 1);
            regions.add(new ProtoReader.Region(last.start(), end - last.start()));
        } else {
            regions.add(new ProtoReader.Region(start, end - start));
        }
    }

    /** {@code metadata_props} entries: StringStringEntryProto {key = 1; value = 2}. */
    static byte[] entries(Map<String, String> properties) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        properties.forEach((key, value) -> {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            field(entry, 1, key.getBytes(StandardCharsets.UTF_8));
            field(entry, 2, value.getBytes(StandardCharsets.UTF_8));
            field(out, MODEL_METADATA_PROPS, entry.toByteArray());
        });
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (long) number << 3 | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
