package org.ecdkit.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.FileKind;

/**
 * A model path as inspectors first see it: file or folder, its size, and its first bytes, read
 * once so each inspector can recognise its format without opening the file again.
 *
 * @param path      the path as the user gave it
 * @param directory whether it is a folder (a SavedModel)
 * @param size      the file's size in bytes; 0 for a folder
 * @param head      up to {@link #HEAD_BYTES} first bytes of a file; empty for a folder
 */
public record ModelSource(Path path, boolean directory, long size, byte[] head) {

    public static final int HEAD_BYTES = 4096;

    public ModelSource {
        head = head.clone();
    }

    /** The file's first bytes, in a new array. */
    @Override
    public byte[] head() {
        return head.clone();
    }

    public static ModelSource open(Path path) {
        if (!Files.exists(path)) {
            throw StorageException.of("read", path, new NoSuchFileException(path.toString()));
        }
        if (Files.isDirectory(path)) {
            return new ModelSource(path, true, 0, new byte[0]);
        }
        FileKind.requireRegularFile(path, "a model");
        try (InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            return new ModelSource(path, false, size, in.readNBytes(HEAD_BYTES));
        } catch (IOException e) {
            throw StorageException.of("read", path, e);
        }
    }

    public String fileName() {
        Path name = path.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    /** The lower-case extension without its dot ("onnx"), or empty. */
    public String extension() {
        String name = fileName();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Whether the file's bytes at {@code offset} are {@code magic}. */
    public boolean startsWith(byte[] magic, int offset) {
        return head.length >= offset + magic.length
                && Arrays.equals(head, offset, offset + magic.length, magic, 0, magic.length);
    }

    /** The folder the model's files lie in: the model itself for a folder, else its parent. */
    public Path base() {
        Path absolute = path.toAbsolutePath().normalize();
        return directory ? absolute : absolute.getParent();
    }
}
