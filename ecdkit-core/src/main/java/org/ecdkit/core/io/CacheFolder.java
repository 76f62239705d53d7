package org.ecdkit.core.io;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where ecdkit keeps what it may recompute but would rather not: native libraries unpacked from their
 * jars, tile and batch calibrations. Nothing in it is needed; deleting it costs only time.
 *
 * <p>The folder is the system property {@code ecdkit.cache} where set (for a program that embeds
 * ecdkit), else {@code $ECDKIT_CACHE_DIR} where set (an empty value of either turns caching off), else
 * {@code $XDG_CACHE_HOME/ecdkit}, else {@code $HOME/.cache/ecdkit}, as the XDG base directory
 * specification has it. {@code $HOME} rather than Java's {@code user.home}, which comes from the
 * password database and ignores a HOME set for a service or a CI job.
 */
public final class CacheFolder {

    private CacheFolder() {
    }

    /** The cache folder for this process, or empty where caching is turned off or no home is known. */
    public static Optional<Path> root() {
        String property = System.getProperty("ecdkit.cache");
        if (property != null) {
            return property.isBlank() ? Optional.empty() : Optional.of(Path.of(property).toAbsolutePath());
        }
        return root(System.getenv());
    }

    /** The cache folder the environment {@code env} names. */
    public static Optional<Path> root(Map<String, String> env) {
        String explicit = env.get("ECDKIT_CACHE_DIR");
        if (explicit != null) {
            return explicit.isBlank() ? Optional.empty() : Optional.of(Path.of(explicit).toAbsolutePath());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        // The specification says a relative XDG_CACHE_HOME is invalid and is to be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "ecdkit"));
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
            return Optional.of(Path.of(home, ".cache", "ecdkit"));
        }
        return Optional.empty();
    }

    /** A part of the cache folder: {@code root()/first/more...}. */
    public static Optional<Path> resolve(String first, String... more) {
        return root().map(root -> root.resolve(Path.of(first, more)));
    }
}
