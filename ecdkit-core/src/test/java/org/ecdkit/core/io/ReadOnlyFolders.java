package org.ecdkit.core.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A folder the test process cannot write to. Permission bits do not stop root, which CI runs as, so
 * for root it falls back to {@code /sys}, where the kernel refuses new files to everyone (EACCES).
 */
public final class ReadOnlyFolders {

    private ReadOnlyFolders() {
    }

    public static Path create(Path parent) throws Exception {
        Path locked = parent.resolve("locked");
        Files.createDirectories(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(locked) && !canCreateIn(locked)) {
            return locked;
        }
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys) && !canCreateIn(sys), "no read-only folder available");
        return sys;
    }

    private static boolean canCreateIn(Path folder) {
        try {
            Path probe = Files.createTempFile(folder, ".probe", "");
            Files.delete(probe);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
