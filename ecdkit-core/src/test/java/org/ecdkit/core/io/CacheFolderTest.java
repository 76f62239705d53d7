package org.ecdkit.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheFolderTest {

    @Test
    void followsTheXdgBaseDirectoriesAfterEcdkitsOwnVariable() {
        assertEquals(Optional.of(Path.of("/data/cache")), CacheFolder.root(Map.of("ECDKIT_CACHE_DIR", "/data/cache",
                "XDG_CACHE_HOME", "/x", "HOME", "/home/a")));
        assertEquals(Optional.of(Path.of("/x/ecdkit")), CacheFolder.root(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/home/a")));
        assertEquals(Optional.of(Path.of("/home/a/.cache/ecdkit")), CacheFolder.root(Map.of("HOME", "/home/a")));
    }

    @Test
    void anEmptyVariableTurnsCachingOffAndNonsenseIsIgnored() {
        assertEquals(Optional.empty(), CacheFolder.root(Map.of("ECDKIT_CACHE_DIR", "", "HOME", "/home/a")));
        // The XDG specification: a relative path is invalid and is ignored.
        assertEquals(Optional.of(Path.of("/home/a/.cache/ecdkit")), CacheFolder.root(Map.of("XDG_CACHE_HOME", "rel",
                "HOME", "/home/a")));
        assertEquals(Optional.empty(), CacheFolder.root(Map.of("HOME", "")));
        assertEquals(Optional.empty(), CacheFolder.root(Map.of()));
    }

    @Test
    void aSystemPropertyComesFirstForProgramsThatEmbedEcdkit() {
        System.setProperty("ecdkit.cache", "/embedded/cache");
        try {
            assertEquals(Optional.of(Path.of("/embedded/cache")), CacheFolder.root());
            assertEquals(Optional.of(Path.of("/embedded/cache/onnxruntime")), CacheFolder.resolve("onnxruntime"));
            System.setProperty("ecdkit.cache", "");
            assertEquals(Optional.empty(), CacheFolder.root());
        } finally {
            System.clearProperty("ecdkit.cache");
        }
    }
}
