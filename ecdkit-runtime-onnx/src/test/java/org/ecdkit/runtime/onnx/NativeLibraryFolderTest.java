package org.ecdkit.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.ecdkit.core.io.CacheFolder;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryFolderTest {

    private static final String PLATFORM = NativeLibraryFolder.platform(System.getProperty("os.name"),
            System.getProperty("os.arch")).orElse("none");

    @Test
    void namesThePlatformAsOnnxRuntimesJarDoes() {
        assertEquals(Optional.of("linux-x64"), NativeLibraryFolder.platform("Linux", "amd64"));
        assertEquals(Optional.of("linux-aarch64"), NativeLibraryFolder.platform("Linux", "aarch64"));
        assertEquals(Optional.of("osx-aarch64"), NativeLibraryFolder.platform("Mac OS X", "aarch64"));
        assertEquals(Optional.empty(), NativeLibraryFolder.platform("Windows 11", "amd64"));
        assertEquals(Optional.empty(), NativeLibraryFolder.platform("Linux", "ppc64le"));
    }

    @Test
    void unpacksTheLibrariesOnceWithTheJarsOwnChecksums(@TempDir Path root) throws IOException {
        Path folder = NativeLibraryFolder.folder(root, PLATFORM).orElseThrow();
        Path library = folder.resolve("libonnxruntime.so");
        assertTrue(Files.size(library) > 1_000_000, "the runtime itself is unpacked");
        // The CRC-32 the jar's directory records for the entry, computed again from the unpacked bytes.
        try (var jar = new java.util.jar.JarFile(jarOf())) {
            var entry = jar.getJarEntry("ai/onnxruntime/native/" + PLATFORM + "/libonnxruntime.so");
            assertEquals(entry.getCrc(), crc(library));
        }
        FileTime unpacked = Files.getLastModifiedTime(library);
        Files.setLastModifiedTime(library, FileTime.fromMillis(unpacked.toMillis() - 60_000));
        assertEquals(folder, NativeLibraryFolder.folder(root, PLATFORM).orElseThrow());
        assertEquals(unpacked.toMillis() - 60_000, Files.getLastModifiedTime(library).toMillis(), "not unpacked again");
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(folder), entries.toList(), "no unpacking folder is left behind");
        }
    }

    @Test
    void aCopyCutShortIsReplacedNeverLoaded(@TempDir Path root) throws IOException {
        Path folder = NativeLibraryFolder.folder(root, PLATFORM).orElseThrow();
        Path library = folder.resolve("libonnxruntime.so");
        long size = Files.size(library);
        try (var channel = java.nio.channels.FileChannel.open(library, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(4096);
        }
        assertEquals(folder, NativeLibraryFolder.folder(root, PLATFORM).orElseThrow());
        assertEquals(size, Files.size(library));
    }

    @Test
    void processesStartingTogetherShareOneCopy(@TempDir Path root) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Path>>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(pool.submit((Callable<Optional<Path>>) () -> NativeLibraryFolder.folder(root, PLATFORM)));
            }
            Path first = starts.get(0).get().orElseThrow();
            for (Future<Optional<Path>> start : starts) {
                assertEquals(first, start.get().orElseThrow());
            }
            assertTrue(Files.size(first.resolve("libonnxruntime.so")) > 1_000_000);
            try (Stream<Path> entries = Files.list(root)) {
                assertEquals(1, entries.count(), "one folder, no unpacking left behind");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void thisJvmLoadedOnnxRuntimeFromTheCache(@TempDir Path dir) throws IOException {
        assumeTrue(System.getenv("ECDKIT_CACHE_DIR") != null && Files.isReadable(Path.of("/proc/self/maps")),
                "the build sets ECDKIT_CACHE_DIR for its tests, and Linux shows what a process mapped");
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("m.onnx"));
        try (ModelRunner runner = ModelRunners.open(new RunnableModel(model, ModelFormat.ONNX, "image", "scores"),
                new RunnerOptions(1, Device.CPU, 0))) {
            Path cache = CacheFolder.root().orElseThrow().resolve("onnxruntime");
            assertTrue(Files.readString(Path.of("/proc/self/maps")).contains(cache.toString()),
                    "libonnxruntime.so mapped from " + cache);
        }
    }

    private static String jarOf() throws IOException {
        var url = NativeLibraryFolder.class.getClassLoader().getResource("ai/onnxruntime/native/" + PLATFORM + "/");
        return ((java.net.JarURLConnection) url.openConnection()).getJarFileURL().getPath();
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }
}
