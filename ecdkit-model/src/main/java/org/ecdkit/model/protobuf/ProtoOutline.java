package org.ecdkit.model.protobuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;

/**
 * The first top-level fields of a protobuf file, read without their payloads: what recognising a
 * protobuf-based format needs, since protobuf has no magic bytes. Returns an empty outline for a
 * file that is not valid protobuf at its start.
 */
public record ProtoOutline(List<Field> fields, boolean complete) {

    /** One top-level field: its number, wire type, and where its payload lies. */
    public record Field(int number, int wireType, long start, long length, long varint) {
    }

    public static ProtoOutline read(Path file, long size, int maxFields) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoReader in = new ProtoReader(channel, file, 0, size);
            List<Field> fields = new ArrayList<>();
            while (in.hasMore() && fields.size() < maxFields) {
                int tag = in.readTag();
                int number = ProtoReader.fieldNumber(tag);
                int wire = ProtoReader.wireType(tag);
                if (wire == WireType.LENGTH_DELIMITED) {
                    ProtoReader.Region region = in.readRegion(tag);
                    fields.add(new Field(number, wire, region.start(), region.length(), -1));
                } else if (wire == WireType.VARINT) {
                    fields.add(new Field(number, wire, in.position(), 0, in.readVarint(tag)));
                } else {
                    long at = in.position();
                    in.skip(tag);
                    fields.add(new Field(number, wire, at, in.position() - at, -1));
                }
            }
            return new ProtoOutline(fields, !in.hasMore());
        } catch (InvalidInputException | IOException e) {
            return new ProtoOutline(List.of(), false);
        }
    }

    /** The outline of a length-delimited field's payload, its own first fields. */
    public static ProtoOutline of(Path file, Field field, int maxFields) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoReader in = new ProtoReader(channel, file, field.start(), field.start() + field.length());
            List<Field> fields = new ArrayList<>();
            while (in.hasMore() && fields.size() < maxFields) {
                int tag = in.readTag();
                int wire = ProtoReader.wireType(tag);
                if (wire == WireType.LENGTH_DELIMITED) {
                    ProtoReader.Region region = in.readRegion(tag);
                    fields.add(new Field(ProtoReader.fieldNumber(tag), wire, region.start(), region.length(), -1));
                } else if (wire == WireType.VARINT) {
                    fields.add(new Field(ProtoReader.fieldNumber(tag), wire, in.position(), 0, in.readVarint(tag)));
                } else {
                    long at = in.position();
                    in.skip(tag);
                    fields.add(new Field(ProtoReader.fieldNumber(tag), wire, at, in.position() - at, -1));
                }
            }
            return new ProtoOutline(fields, !in.hasMore());
        } catch (InvalidInputException | IOException e) {
            return new ProtoOutline(List.of(), false);
        }
    }

    /** The text of a length-delimited field, if it is short printable UTF-8; else empty. */
    public static String text(Path file, Field field, int maxBytes) {
        if (field.wireType() != WireType.LENGTH_DELIMITED || field.length() > maxBytes) {
            return "";
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) field.length());
            channel.read(bytes, field.start());
            String text = new String(bytes.array(), java.nio.charset.StandardCharsets.UTF_8);
            return text.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? text : "";
        } catch (IOException e) {
            return "";
        }
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean has(int number) {
        return fields.stream().anyMatch(f -> f.number() == number);
    }

    /** Whether every field's number and wire type is among those of {@code allowed} (number to wire type). */
    public boolean only(java.util.Map<Integer, Integer> allowed) {
        return !fields.isEmpty() && fields.stream().allMatch(f -> allowed.containsKey(f.number()) && allowed.get(f.number()) == f.wireType());
    }

    public Field first(int number) {
        return fields.stream().filter(f -> f.number() == number).findFirst().orElse(null);
    }
}
