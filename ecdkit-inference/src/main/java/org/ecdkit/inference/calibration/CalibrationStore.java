package org.ecdkit.inference.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.io.CacheFolder;

/**
 * Calibrations kept between runs: one small text file per model, runtime and machine in the cache
 * folder's {@code calibration} folder, a line {@code TILExBATCH=SECONDS} per setting timed. The file
 * is the cache's, read with a size limit and every odd line ignored: at worst a setting is timed again.
 */
public final class CalibrationStore {

    /** Larger files are not calibrations ecdkit wrote, and are not read. */
    static final int MAX_BYTES = 16 * 1024;

    private final Optional<Path> folder;

    private CalibrationStore(Optional<Path> folder) {
        this.folder = folder;
    }

    /** The store in ecdkit's cache folder, or one that keeps nothing where caching is off. */
    public static CalibrationStore inCacheFolder() {
        return new CalibrationStore(CacheFolder.resolve("calibration"));
    }

    /** A store in {@code folder}. */
    public static CalibrationStore in(Path folder) {
        return new CalibrationStore(Optional.of(folder));
    }

    /** The times kept under {@code key}; empty where none are, or they cannot be read. */
    public Map<CallShape, Double> read(String key) {
        Map<CallShape, Double> times = new LinkedHashMap<>();
        if (folder.isEmpty()) {
            return times;
        }
        Path file = folder.get().resolve(key + ".txt");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return times;
            }
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                int equals = line.indexOf('=');
                CallShape shape = equals > 0 ? CallShape.parse(line.substring(0, equals)) : null;
                if (shape == null) {
                    continue;
                }
                try {
                    double seconds = Double.parseDouble(line.substring(equals + 1));
                    if (seconds > 0 && Double.isFinite(seconds)) {
                        times.put(shape, seconds);
                    }
                } catch (NumberFormatException ignored) {
                    // Not a line this store wrote.
                }
            }
        } catch (IOException | RuntimeException e) {
            // No calibration yet, or one that cannot be read: the run times again.
        }
        return times;
    }

    /** Keeps {@code times} under {@code key}, replacing the file whole; a cache that cannot be written is skipped. */
    public void write(String key, Map<CallShape, Double> times) {
        if (folder.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        times.forEach((shape, seconds) -> text.append(shape).append('=').append(seconds).append('\n'));
        try {
            Files.createDirectories(folder.get());
            Path temporary = Files.createTempFile(folder.get(), ".calibration-", ".tmp");
            try {
                Files.writeString(temporary, text);
                Files.move(temporary, folder.get().resolve(key + ".txt"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            // The calibration serves this run; the next one times again.
        }
    }
}
