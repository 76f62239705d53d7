package org.ecdkit.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.core.io.ScratchFolder;

/**
 * The model that a description (.ecd, .emd, .dlpk, STAC MLM item) names, ready to be read: where it
 * lies on disk, or extracted from a package into a scratch folder that {@link #close} removes, so
 * that looking into a package leaves nothing behind.
 *
 * <pre>{@code
 * try (DescribedModel described = DescribedModel.open(Path.of("model.dlpk")).orElseThrow()) {
 *     Inspection inspection = ModelInspectors.standard().inspect(described.model(), InspectOptions.DEFAULT);
 * }
 * }</pre>
 */
public final class DescribedModel implements AutoCloseable {

    private final ModelDescription description;
    private final Path model;
    private final ScratchFolder scratch;

    private DescribedModel(ModelDescription description, Path model, ScratchFolder scratch) {
        this.description = description;
        this.model = model;
        this.scratch = scratch;
    }

    /**
     * The model {@code argument} describes, or empty when {@code argument} is no description (a model
     * itself, or a file ecdkit does not know; reading it as a model says which).
     */
    public static Optional<DescribedModel> open(Path argument) {
        if (!Files.isRegularFile(argument) || !ModelDescriptions.looksLikeJson(argument) && !ModelDescriptions.isPackage(argument)) {
            return Optional.empty();
        }
        ScratchFolder scratch = ScratchFolder.create("ecdkit-described-");
        try {
            ModelDescriptions.ModelChoice choice = ModelDescriptions.model(argument, scratch.path());
            return Optional.of(new DescribedModel(choice.description().orElseThrow(), choice.model(), scratch));
        } catch (RuntimeException e) {
            scratch.closeQuietly();
            throw e;
        }
    }

    public ModelDescription description() {
        return description;
    }

    /** The model's path: on disk as the description names it, or inside the scratch folder. */
    public Path model() {
        return model;
    }

    /** How to show the model to a user: its path, or its entry in the package for an extracted one. */
    public String modelLabel() {
        if (!model.startsWith(scratch.path())) {
            return model.toString();
        }
        Path inPackage = scratch.path().relativize(model);
        return description.file() + " -> " + inPackage.subpath(1, inPackage.getNameCount()).toString().replace('\\', '/');
    }

    @Override
    public void close() {
        scratch.close();
    }
}
