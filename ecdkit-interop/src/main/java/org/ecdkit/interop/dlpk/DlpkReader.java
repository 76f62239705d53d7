package org.ecdkit.interop.dlpk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.ResourceException;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.ExitCleanup;
import org.ecdkit.core.io.FolderTree;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonLimits;
import org.ecdkit.core.zip.ZipArchive;
import org.ecdkit.core.zip.ZipEntryInfo;
import org.ecdkit.core.zip.ZipLimits;
import org.ecdkit.interop.DescriptionFormat;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.interop.ModelLocation;
import org.ecdkit.interop.emd.EmdReader;
import org.ecdkit.model.ModelFileStart;

/**
 * Reads Esri deep learning packages (.dlpk): a zip holding one .emd beside the model's files.
 * Reading the description opens only the .emd; the model is extracted when it is needed, into a
 * folder of its own, never outside it (the zip reader refuses escaping names and links before
 * anything is written).
 */
public final class DlpkReader {

    private static final int MAX_EMD_BYTES = 16 << 20;
    /** Free space an extraction always leaves (or a twentieth of the disk's free space, if more). */
    private static final long SPARE_BYTES = 1L << 30;

    private DlpkReader() {
    }

    public static ModelDescription read(Path dlpk) {
        try (ZipArchive archive = ZipArchive.open(dlpk, ZipLimits.MODEL_PACKAGES)) {
            ZipEntryInfo emd = emdOf(archive);
            Path name = Path.of(dlpk + "#" + emd.name());
            JsonDocument document = new JsonDocumentReader(JsonLimits.DEFAULT).parse(name, archive.read(emd, MAX_EMD_BYTES));
            String folder = emd.name().contains("/") ? emd.name().substring(0, emd.name().lastIndexOf('/') + 1) : "";
            return EmdReader.read(document, DescriptionFormat.DLPK, modelFile -> {
                String entry = Path.of(folder + modelFile).normalize().toString().replace('\\', '/');
                boolean file = archive.entry(entry).filter(e -> !e.directory()).isPresent();
                boolean directory = archive.names().stream().anyMatch(n -> n.startsWith(entry + "/"));
                if (!file && !directory || entry.startsWith("..")) {
                    throw new InvalidInputException(Place.in(dlpk, emd.name()), "ModelFile \"" + modelFile
                            + "\" is not in the package");
                }
                return new ModelLocation.InPackage(dlpk, directory ? entry + "/" : entry);
            });
        }
    }

    /** The package's one .emd: at its top level, or the only one anywhere. */
    static ZipEntryInfo emdOf(ZipArchive archive) {
        List<ZipEntryInfo> emds = archive.entries().stream().filter(e -> !e.directory() && e.name().endsWith(".emd")).toList();
        List<ZipEntryInfo> top = emds.stream().filter(e -> !e.name().contains("/")).toList();
        List<ZipEntryInfo> candidates = top.isEmpty() ? emds : top;
        if (candidates.isEmpty()) {
            throw new InvalidInputException(Place.of(archive.file()), "a zip without a .emd: not an Esri deep learning package");
        }
        if (candidates.size() > 1) {
            throw new InvalidInputException(Place.of(archive.file()), "several model definitions ("
                    + String.join(", ", candidates.stream().map(ZipEntryInfo::name).toList()) + "); a package holds one");
        }
        return candidates.get(0);
    }

    /**
     * Extracts the whole package into {@code folder}, which must not exist, or must already hold
     * exactly this package's files (a second conversion of the same package reuses them). Files go
     * to a staging folder beside it first, moved into place when all are written. Before anything is
     * written, the model entry {@code modelEntry} must start like a model (a bomb of zeros does not),
     * and the whole package must fit the free space with room to spare.
     */
    public static Path extract(Path dlpk, String modelEntry, Path folder) {
        Path existing = folder.toAbsolutePath().normalize().getParent();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        long usable;
        try {
            usable = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw StorageException.of("extract into", existing, e);
        }
        return extract(dlpk, modelEntry, folder, usable);
    }

    /** The same, with {@code usableBytes} free where the package is extracted. */
    static Path extract(Path dlpk, String modelEntry, Path folder, long usableBytes) {
        try (ZipArchive archive = ZipArchive.open(dlpk, ZipLimits.MODEL_PACKAGES)) {
            if (Files.exists(folder)) {
                if (sameContent(archive, folder)) {
                    return folder;
                }
                throw new UsageException("refusing to extract " + dlpk + " into " + folder
                        + ": it exists and holds other files; remove it, or write the definition elsewhere");
            }
            checkModelEntry(archive, modelEntry);
            long total = archive.entries().stream().mapToLong(ZipEntryInfo::size).sum();
            long spare = Math.max(SPARE_BYTES, usableBytes / 20);
            if (total > usableBytes - spare) {
                throw new ResourceException(String.format(java.util.Locale.ROOT, "cannot extract %s: its files take %,d MiB "
                        + "and %s has %,d MiB free (ecdkit keeps %,d MiB of it free); make room, or extract it elsewhere "
                        + "and convert the model from there", dlpk, total >> 20, folder.toAbsolutePath().getParent(),
                        usableBytes >> 20, spare >> 20));
            }
            Path root = folder.toAbsolutePath().normalize();
            Path staging = root.resolveSibling("." + root.getFileName() + ".extracting");
            deleteTree(staging);
            ExitCleanup.register(staging);
            try {
                for (ZipEntryInfo entry : archive.entries()) {
                    Path target = staging.resolve(entry.name()).normalize();
                    if (!target.startsWith(staging)) {
                        // The zip reader refuses such names already; this guards the guard.
                        throw new InvalidInputException(Place.in(dlpk, entry.name()), "a path outside the package folder");
                    }
                    if (entry.directory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        archive.copy(entry, out);
                    }
                }
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
                return folder;
            } catch (IOException e) {
                throw StorageException.of("write", staging, e);
            } finally {
                deleteTree(staging);
                ExitCleanup.release(staging);
            }
        }
    }

    /** Refuses a model entry whose first bytes begin no model format, before anything is written. */
    private static void checkModelEntry(ZipArchive archive, String modelEntry) {
        Optional<ZipEntryInfo> entry = archive.entry(modelEntry);
        if (entry.isEmpty() || entry.get().directory()) {
            return; // A SavedModel folder: its files are checked as the model is read.
        }
        byte[] head = archive.readPrefix(entry.get(), 64);
        if (!ModelFileStart.plausible(head)) {
            throw new InvalidInputException(Place.in(archive.file(), modelEntry), "does not start like a model of any "
                    + "format ecdkit reads (its first bytes are " + ModelFileStart.describe(head) + "); nothing was extracted");
        }
    }

    /** Whether {@code folder} holds every file of the package with the same size and CRC-32. */
    private static boolean sameContent(ZipArchive archive, Path folder) {
        for (ZipEntryInfo entry : archive.entries()) {
            if (entry.directory()) {
                continue;
            }
            Path file = folder.resolve(entry.name());
            try {
                if (!Files.isRegularFile(file) || Files.size(file) != entry.size() || crc(file) != entry.crc32()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            FolderTree.remove(folder);
        } catch (IOException e) {
            throw StorageException.of("remove", folder, e);
        }
    }

    /** The .emd's name inside the package, for messages. */
    public static Optional<String> emdName(Path dlpk) {
        try (ZipArchive archive = ZipArchive.open(dlpk, ZipLimits.MODEL_PACKAGES)) {
            return Optional.of(emdOf(archive).name());
        }
    }
}
