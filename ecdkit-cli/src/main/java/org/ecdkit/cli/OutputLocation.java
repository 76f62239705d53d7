package org.ecdkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.remote.S3Store;

/**
 * Where a command's output goes: a local path, or an {@code s3://bucket/key}, which is written to a
 * local folder first (atomically, as every output) and uploaded once complete, with its sidecars
 * beside it under the same key plus their suffix. Closing removes the local copy of an upload.
 */
final class OutputLocation implements AutoCloseable {

    private final String named;
    private final Path local;
    private final Path staging;

    private OutputLocation(String named, Path local, Path staging) {
        this.named = named;
        this.local = local;
        this.staging = staging;
    }

    static OutputLocation of(String output) {
        if (!RasterSources.isRemote(output)) {
            return new OutputLocation(output, Path.of(output), null);
        }
        if (!output.startsWith("s3://")) {
            throw new org.ecdkit.core.error.UsageException("cannot write " + output + ": outputs go to local paths or s3:// URLs");
        }
        String name = output.substring(output.lastIndexOf('/') + 1);
        try {
            Path staging = Files.createTempDirectory("ecdkit-upload-");
            return new OutputLocation(output, staging.resolve(name.isEmpty() ? "output" : name), staging);
        } catch (IOException e) {
            throw StorageException.of("create a folder for", output, e);
        }
    }

    /** Where the command writes. */
    Path local() {
        return local;
    }

    /**
     * Uploads {@code written} (the output and its sidecars, all named after {@link #local()}) where
     * the user named the output; returns what the user should be told was written.
     */
    List<String> publish(List<Path> written) {
        List<String> names = new ArrayList<>();
        S3Store store = staging == null ? null : new S3Store();
        for (Path file : written) {
            String suffix = file.getFileName().toString().substring(local.getFileName().toString().length());
            String target = staging == null ? file.toString() : named + suffix;
            if (store != null) {
                store.upload(file, target);
            }
            names.add(target);
        }
        return names;
    }

    @Override
    public void close() {
        if (staging == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A copy left in the temporary folder loses nothing; the system clears it.
        }
    }
}
