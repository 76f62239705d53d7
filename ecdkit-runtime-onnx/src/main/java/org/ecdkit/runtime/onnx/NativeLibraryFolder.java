package org.ecdkit.runtime.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import org.ecdkit.core.io.CacheFolder;
import org.ecdkit.core.io.FolderTree;

/**
 * ONNX Runtime's native libraries, unpacked from its jar once into ecdkit's cache folder and loaded
 * from there. Left to itself, ONNX Runtime's Java binding writes its 28 MB library to a new temporary
 * folder on every start, which is a third of a second of every short run (measured: 0.30-0.45 s of a
 * 2-second classify, docs/performance.md). The folder's name is a checksum of the jar's entries
 * (their CRC-32s and sizes, read from the jar's directory without inflating anything), so another
 * ONNX Runtime build never loads a stale copy, and the unpacking is atomic (a temporary folder moved
 * into place), so two processes starting at once, or one killed halfway, never leave a partial copy.
 *
 * <p>Wherever this cannot work (no cache folder, a read-only home, libraries outside a jar, a
 * platform the jar does not carry, {@code onnxruntime.native.path} already set by the user), ONNX
 * Runtime's own unpacking is left to run as before: the cache saves time, it is never needed.
 */
final class NativeLibraryFolder {

    /** The system property ONNX Runtime's loader reads the libraries' folder from. */
    static final String PROPERTY = "onnxruntime.native.path";

    private static boolean prepared;

    private NativeLibraryFolder() {
    }

    /** Points ONNX Runtime at the cached libraries, unpacking them first if needed; before its first use. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Optional<Path> root = CacheFolder.resolve("onnxruntime");
        Optional<String> platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (root.isEmpty() || platform.isEmpty()) {
            return;
        }
        try {
            folder(root.get(), platform.get()).ifPresent(folder -> System.setProperty(PROPERTY, folder.toString()));
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written leaves ONNX Runtime to unpack into the temporary folder, as it does unaided.
        }
    }

    /** The folder ONNX Runtime's jar names its libraries for this machine under, as its loader spells it. */
    static Optional<String> platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.contains("darwin") ? "osx" : null;
        String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64" : null;
        return system == null || cpu == null ? Optional.empty() : Optional.of(system + "-" + cpu);
    }

    /** The unpacked libraries' folder under {@code root}, unpacked now if absent; empty where the jar has none. */
    static Optional<Path> folder(Path root, String platform) throws IOException {
        String prefix = "ai/onnxruntime/native/" + platform + "/";
        URL resource = NativeLibraryFolder.class.getClassLoader().getResource(prefix);
        if (resource == null) {
            return Optional.empty();
        }
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return Optional.empty();
        }
        connection.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
            List<JarEntry> libraries = new ArrayList<>();
            CRC32 checksum = new CRC32();
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                String rest = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : "";
                // Libraries only, none in subfolders (macOS builds carry debug symbols beside them).
                if (!entry.isDirectory() && !rest.isEmpty() && !rest.contains("/") && entry.getSize() >= 0) {
                    libraries.add(entry);
                    checksum.update((rest + ":" + entry.getSize() + ":" + entry.getCrc()).getBytes(StandardCharsets.UTF_8));
                }
            }
            if (libraries.isEmpty()) {
                return Optional.empty();
            }
            Path folder = root.resolve(platform + "-" + HexFormat.of().toHexDigits((int) checksum.getValue()));
            if (complete(folder, libraries, prefix)) {
                return Optional.of(folder);
            }
            Files.createDirectories(root);
            Path unpacking = Files.createTempDirectory(root, ".unpacking-");
            try {
                for (JarEntry entry : libraries) {
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, unpacking.resolve(entry.getName().substring(prefix.length())));
                    }
                }
                if (!complete(unpacking, libraries, prefix)) {
                    return Optional.empty();
                }
                if (complete(folder, libraries, prefix)) {
                    // Another process unpacked the same libraries meanwhile; theirs serve.
                    return Optional.of(folder);
                }
                if (Files.exists(folder)) {
                    // A copy cut short (a full disk, a hand that deleted one file): replaced whole.
                    try {
                        FolderTree.remove(folder);
                    } catch (IOException raced) {
                        // Another process is replacing it too; the move below tells who won.
                    }
                }
                try {
                    Files.move(unpacking, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException raced) {
                    // Another process unpacked the same libraries first; theirs serve.
                } catch (java.nio.file.FileSystemException raced) {
                    // Linux reports a rename onto a folder another process has just filled as ENOTEMPTY, which
                    // Java gives as a plain FileSystemException ("Directory not empty"): theirs serve too.
                    if (!Files.isDirectory(folder)) {
                        throw raced;
                    }
                }
                return complete(folder, libraries, prefix) ? Optional.of(folder) : Optional.empty();
            } finally {
                if (Files.exists(unpacking)) {
                    FolderTree.remove(unpacking);
                }
            }
        }
    }

    /** Whether {@code folder} holds every library at its size: a copy cut short is never loaded. */
    private static boolean complete(Path folder, List<JarEntry> libraries, String prefix) throws IOException {
        for (JarEntry entry : libraries) {
            Path file = folder.resolve(entry.getName().substring(prefix.length()));
            if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) {
                return false;
            }
        }
        return true;
    }
}
