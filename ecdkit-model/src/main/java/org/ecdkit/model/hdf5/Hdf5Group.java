package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;

/**
 * A group: its attributes and its members by name, read from a symbol table (the 1.6 format h5py
 * writes by default: a version 1 B-tree of symbol nodes with names in a local heap) or from link
 * messages (groups written for the 1.8 format and after, "compact" storage). Members are opened
 * when asked for, so a file with thousands of layers costs only what is used.
 *
 * <p>Not read: "dense" link storage (a fractal heap, used for groups of more than 8 links written
 * for the 1.8 format; h5py's default files never have it) and soft or external links. Both are
 * refused in one line naming the group.
 */
public final class Hdf5Group {

    static final int MAX_MEMBERS = 1_000_000;
    static final int MAX_DEPTH = 64;

    private final Hdf5Input in;
    private final String path;
    private final Map<String, Long> members;
    private final Map<String, Hdf5Attribute> attributes;

    private Hdf5Group(Hdf5Input in, String path, Map<String, Long> members, Map<String, Hdf5Attribute> attributes) {
        this.in = in;
        this.path = path;
        this.members = members;
        this.attributes = attributes;
    }

    static Hdf5Group read(Hdf5Input in, String path, long address) {
        return of(in, path, ObjectHeader.read(in, address));
    }

    static Hdf5Group of(Hdf5Input in, String path, List<HeaderMessage> messages) {
        Map<String, Long> members = new LinkedHashMap<>();
        Map<String, Hdf5Attribute> attributes = new LinkedHashMap<>();
        AttributeReader reader = new AttributeReader(in, Hdf5File.MAX_ATTRIBUTE_BYTES);
        for (HeaderMessage message : messages) {
            switch (message.type()) {
                case HeaderMessage.SYMBOL_TABLE -> SymbolTable.read(in, message, path, members);
                case HeaderMessage.LINK -> readLink(in, message, path, members);
                case HeaderMessage.LINK_INFO -> refuseDenseLinks(in, message, path);
                case HeaderMessage.ATTRIBUTE -> {
                    if (!message.shared()) {
                        Hdf5Attribute attribute = reader.read(message);
                        attributes.putIfAbsent(attribute.name(), attribute);
                    }
                }
                default -> {
                }
            }
            if (members.size() > MAX_MEMBERS) {
                throw in.invalid(message.offset(), "group " + Printable.quoted(path) + " has more than " + MAX_MEMBERS + " members");
            }
        }
        return new Hdf5Group(in, path, Collections.unmodifiableMap(members), Collections.unmodifiableMap(attributes));
    }

    /** This group's path in the file ("/model_weights/conv1"). */
    public String path() {
        return path;
    }

    /** The names of its members, in the order the file lists them (a symbol table's is sorted). */
    public List<String> memberNames() {
        return List.copyOf(members.keySet());
    }

    public Map<String, Hdf5Attribute> attributes() {
        return attributes;
    }

    public Optional<String> textAttribute(String name) {
        return Optional.ofNullable(attributes.get(name)).flatMap(Hdf5Attribute::text);
    }

    /** The member group named {@code name}, or a path of names separated by "/"; empty when absent or not a group. */
    public Optional<Hdf5Group> group(String relativePath) {
        return object(relativePath).filter(o -> o instanceof Hdf5Group).map(o -> (Hdf5Group) o);
    }

    /** The member dataset at {@code relativePath}; empty when absent or not a dataset. */
    public Optional<Hdf5Dataset> dataset(String relativePath) {
        return object(relativePath).filter(o -> o instanceof Hdf5Dataset).map(o -> (Hdf5Dataset) o);
    }

    private Optional<Object> object(String relativePath) {
        Object current = this;
        int depth = 0;
        for (String part : relativePath.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(current instanceof Hdf5Group group) || ++depth > MAX_DEPTH) {
                return Optional.empty();
            }
            Long address = group.members.get(part);
            if (address == null) {
                return Optional.empty();
            }
            current = group.open(part, address);
        }
        return Optional.of(current);
    }

    private Object open(String name, long address) {
        String memberPath = path.endsWith("/") ? path + name : path + "/" + name;
        List<HeaderMessage> messages = ObjectHeader.read(in, address);
        boolean dataset = messages.stream().anyMatch(m -> m.type() == HeaderMessage.LAYOUT);
        return dataset ? Hdf5Dataset.of(in, memberPath, messages) : of(in, memberPath, messages);
    }

    /** A link message (IV.A.2.g): hard links are members; soft and external links are refused. */
    private static void readLink(Hdf5Input in, HeaderMessage message, String path, Map<String, Long> members) {
        ByteBuffer data = message.data().duplicate().order(message.data().order());
        try {
            int version = Byte.toUnsignedInt(data.get());
            if (version != 1) {
                throw in.invalid(message.offset(), "link message version " + version + " in group " + Printable.quoted(path)
                        + "; HDF5 defines 1");
            }
            int flags = Byte.toUnsignedInt(data.get());
            int linkType = (flags & 0x08) != 0 ? Byte.toUnsignedInt(data.get()) : 0;
            if ((flags & 0x04) != 0) {
                data.position(data.position() + 8);
            }
            if ((flags & 0x10) != 0) {
                data.get();
            }
            long nameLength = Hdf5Input.unsigned(data, 1 << (flags & 3));
            if (nameLength <= 0 || nameLength > data.remaining()) {
                throw in.invalid(message.offset(), "a link name of " + nameLength + " bytes in group " + Printable.quoted(path)
                        + " runs past its message");
            }
            byte[] name = new byte[(int) nameLength];
            data.get(name);
            String linkName = new String(name, StandardCharsets.UTF_8);
            if (linkType != 0) {
                throw new UnsupportedInputException(Place.of(in.file()), "group " + Printable.quoted(path) + ": member "
                        + Printable.quoted(linkName) + " is a " + (linkType == 1 ? "soft" : "external") + " link; ecdkit "
                        + "follows hard links only");
            }
            members.putIfAbsent(linkName, in.offset(data));
        } catch (java.nio.BufferUnderflowException e) {
            throw in.invalid(message.offset(), "a link message in group " + Printable.quoted(path) + " is truncated");
        }
    }

    /** A link info message (IV.A.2.c) whose fractal heap address is defined: links stored densely. */
    private static void refuseDenseLinks(Hdf5Input in, HeaderMessage message, String path) {
        ByteBuffer data = message.data().duplicate().order(message.data().order());
        if (data.remaining() < 2) {
            return;
        }
        data.get();
        int flags = Byte.toUnsignedInt(data.get());
        if ((flags & 1) != 0) {
            data.position(data.position() + 8);
        }
        if (data.remaining() >= in.offsetSize() && in.offset(data) != -1) {
            throw new UnsupportedInputException(Place.of(in.file()), "group " + Printable.quoted(path) + " keeps its links "
                    + "in dense storage (a fractal heap), which ecdkit does not read; save the file with h5py's default "
                    + "(libver \"earliest\")");
        }
    }
}
