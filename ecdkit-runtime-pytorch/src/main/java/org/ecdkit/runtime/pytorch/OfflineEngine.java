package org.ecdkit.runtime.pytorch;

import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.core.io.CacheFolder;

/**
 * DJL's PyTorch engine set up before its first use so that it never reaches the network and never
 * writes into the user's home by surprise: {@code ai.djl.offline} forbids downloads (the natives come
 * from the pytorch-native jar on the class path, unpacked once), and DJL's cache folders are put under
 * ecdkit's own ({@code ECDKIT_CACHE_DIR}, else the XDG cache, else {@code ~/.cache/ecdkit}: the folder
 * every ecdkit cache uses), or, where there is none, in the temporary folder.
 */
final class OfflineEngine {

    private static boolean prepared;

    private OfflineEngine() {
    }

    /** Sets DJL's properties, unless the user set them; before the engine is first loaded. */
    static synchronized void prepare(int threads) {
        if (prepared) {
            return;
        }
        prepared = true;
        setIfAbsent("ai.djl.offline", "true");
        Optional<Path> cache = CacheFolder.resolve("djl");
        Path folder = cache.orElse(Path.of(System.getProperty("java.io.tmpdir"), "ecdkit-djl"));
        setIfAbsent("DJL_CACHE_DIR", folder.toString());
        setIfAbsent("ENGINE_CACHE_DIR", folder.resolve("engines").toString());
        if (threads > 0) {
            // libtorch's thread pools are per process and fixed when the engine starts.
            setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null && System.getenv(property) == null) {
            System.setProperty(property, value);
        }
    }
}
