package org.ecdkit.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.ecdkit.core.error.StorageException;

/**
 * SHA-256 digests of model files, so a definition can refuse a model that changed after
 * conversion. A model made of several files (a SavedModel folder, an ONNX file with external
 * weights) is digested through a manifest: one {@code "<sha256>  <relative path>\n"} line per
 * file, sorted by path, the same text {@code sha256sum} prints, and the digest of that text.
 */
public final class Sha256 {

    private Sha256() {
    }

    public static String ofFile(Path file) {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 20];
        FileKind.requireRegularFile(file, "a model file");
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String ofText(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The digest of a model made of {@code files} (relative to {@code base}); for a single file
     * this is the file's own digest, so a one-file model matches {@code sha256sum model.onnx}.
     */
    public static String ofFiles(Path base, List<Path> files) {
        if (files.size() == 1) {
            return ofFile(base.resolve(files.get(0)));
        }
        return ofText(manifest(base, files));
    }

    /** The {@code sha256sum}-style manifest of {@code files}, sorted by path with '/' separators. */
    public static String manifest(Path base, List<Path> files) {
        StringBuilder text = new StringBuilder();
        files.stream()
                .map(f -> f.toString().replace('\\', '/'))
                .sorted()
                .forEach(name -> text.append(ofFile(base.resolve(name))).append("  ").append(name).append('\n'));
        return text.toString();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
