package org.ecdkit.format.definition;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.FileKind;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.core.report.Finding;

/**
 * Finds the model a definition names and checks it is the one the definition was written for: a
 * model whose SHA-256 changed is refused, unless the user allows it (then it is a warning).
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** Whether {@code file}, links followed, still lies inside {@code base} (links followed too). */
    private static boolean realPathInside(Path file, Path base) {
        try {
            return !Files.exists(file) || file.toRealPath().startsWith(base.toRealPath());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The model's path, after checking its files exist and (unless allowed) that its digest matches. */
    public static Path verify(Path definitionFile, ModelReference reference, boolean allowChanged, List<Finding> findings) {
        return verify(definitionFile, reference, allowChanged, "--allow-changed-model", findings);
    }

    /**
     * The same, naming the option that overrides the digest check ({@code allowChangedOption}, or
     * empty when the caller has none).
     */
    public static Path verify(Path definitionFile, ModelReference reference, boolean allowChanged,
            String allowChangedOption, List<Finding> findings) {
        Path model = reference.resolve(definitionFile);
        String named = "read the model named by " + definitionFile + ",";
        FileKind kind = FileKind.of(model);
        if (kind == FileKind.MISSING) {
            throw StorageException.of(named, model, new NoSuchFileException(model.toString()));
        }
        if (kind != FileKind.REGULAR && kind != FileKind.FOLDER) {
            throw new UsageException("cannot read the model " + model + " named by " + definitionFile + ": it is "
                    + kind.description() + "; ecdkit reads regular files");
        }
        if (kind == FileKind.FOLDER && reference.format() != org.ecdkit.core.model.ModelFormat.TENSORFLOW_SAVED_MODEL) {
            throw new UsageException("cannot read the model " + model + " named by " + definitionFile + ": it is a folder, not "
                    + reference.format().withArticle() + " file");
        }
        Path base = kind == FileKind.FOLDER ? model : model.toAbsolutePath().getParent();
        List<Path> files = reference.files().stream().map(Path::of).toList();
        for (Path file : files) {
            Path resolved = base.resolve(file).normalize();
            if (file.isAbsolute() || !resolved.startsWith(base.normalize()) || !realPathInside(resolved, base)) {
                throw new InvalidInputException(Place.in(definitionFile, "ModelFiles"), "\"" + file + "\" lies outside "
                        + "the model's folder " + base + "; a model's files are named relative to it");
            }
            FileKind fileKind = FileKind.of(resolved);
            if (fileKind == FileKind.MISSING) {
                throw StorageException.of(named, resolved, new NoSuchFileException(resolved.toString()));
            }
            if (fileKind != FileKind.REGULAR) {
                throw new UsageException("cannot read the model file " + resolved + " named by " + definitionFile + ": it is "
                        + fileKind.description() + (fileKind == FileKind.FOLDER ? ", not a model file" : "; ecdkit reads regular files"));
            }
        }
        if (reference.sha256().isEmpty()) {
            findings.add(Finding.warning("no-digest", definitionFile + ": the definition records no ModelSHA256; "
                    + "the model cannot be checked for changes"));
            return model;
        }
        String actual = Sha256.ofFiles(base, files);
        if (!actual.equals(reference.sha256().toLowerCase(Locale.ROOT))) {
            String message = "the model " + model + " has changed since this definition was written (its SHA-256 is "
                    + actual.substring(0, 12) + "..., the definition records " + reference.sha256().substring(0, 12) + "...)";
            if (!allowChanged) {
                throw new InvalidInputException(Place.in(definitionFile, "ModelSHA256"), message
                        + "; convert it again" + (allowChangedOption.isEmpty() ? "" : ", or pass " + allowChangedOption));
            }
            findings.add(Finding.warning("model-changed", definitionFile + ": " + message + "; running it anyway as asked"));
        }
        return model;
    }
}
