package org.ecdkit.model.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ecdkit.core.error.StorageException;

/**
 * The parts of an HDF5 file ecdkit needs to read a Keras model: the root group's attributes.
 * Written for untrusted files from the File Format Specification (version 3.0), in the manner of
 * jhdf: superblock versions 0 to 3, object headers versions 1 and 2 with their continuation blocks,
 * attribute messages versions 1 to 3, fixed-length and variable-length (global heap) strings. Every
 * read is bounded and checked against the file's end; nothing is read that the root attributes do
 * not need, so a file of any size opens in the time a few small reads take ({@link Hdf5Reader}
 * walks groups and reads datasets, for a translation's weights).
 *
 * <p>Not read: attributes kept in dense storage (a fractal heap indexed by a version 2 B-tree,
 * which HDF5 uses only when a file is created for the 1.8 format and an object has many or large
 * attributes; h5py's default files, and so Keras's, never do). {@link #denseAttributes()} says when
 * a file has them, so callers can say so instead of reporting attributes missing.
 */
public final class Hdf5File {

    /** The longest attribute value read: a Keras model_config of tens of thousands of layers fits. */
    public static final int MAX_ATTRIBUTE_BYTES = 64 << 20;

    private final Superblock superblock;
    private final Map<String, Hdf5Attribute> rootAttributes;
    private final boolean denseAttributes;

    private Hdf5File(Superblock superblock, Map<String, Hdf5Attribute> rootAttributes, boolean denseAttributes) {
        this.superblock = superblock;
        this.rootAttributes = rootAttributes;
        this.denseAttributes = denseAttributes;
    }

    /** Whether {@code head}, a file's first bytes, starts with the HDF5 signature. */
    public static boolean hasSignature(byte[] head) {
        return head.length >= 8 && ByteBuffer.wrap(head, 0, 8).equals(ByteBuffer.wrap(Superblock.SIGNATURE));
    }

    public static Hdf5File read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Hdf5Input in = new Hdf5Input(channel, file);
            Superblock superblock = Superblock.read(in);
            Map<String, Hdf5Attribute> attributes = new LinkedHashMap<>();
            boolean dense = false;
            AttributeReader reader = new AttributeReader(in, MAX_ATTRIBUTE_BYTES);
            for (HeaderMessage message : ObjectHeader.read(in, superblock.rootObjectHeader())) {
                if (message.type() == HeaderMessage.ATTRIBUTE && !message.shared()) {
                    Hdf5Attribute attribute = reader.read(message);
                    attributes.putIfAbsent(attribute.name(), attribute);
                } else if (message.type() == HeaderMessage.ATTRIBUTE_INFO) {
                    dense |= hasDenseStorage(in, message);
                }
            }
            return new Hdf5File(superblock, Collections.unmodifiableMap(attributes), dense);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    /** The attribute info message's fractal heap address is defined when attributes are stored densely. */
    private static boolean hasDenseStorage(Hdf5Input in, HeaderMessage message) {
        ByteBuffer data = message.data().duplicate().order(message.data().order());
        if (data.remaining() < 2) {
            return false;
        }
        data.get();
        int flags = Byte.toUnsignedInt(data.get());
        if ((flags & 1) != 0) {
            data.position(data.position() + 2);
        }
        return data.remaining() >= in.offsetSize() && in.offset(data) != -1;
    }

    /** The superblock's version: 0 and 1 for files written for HDF5 1.6 (h5py's default), 2 and 3 after. */
    public int superblockVersion() {
        return superblock.version();
    }

    public Map<String, Hdf5Attribute> rootAttributes() {
        return rootAttributes;
    }

    public boolean denseAttributes() {
        return denseAttributes;
    }
}
