package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.io.ScratchFolder;
import org.ecdkit.core.report.Finding;
import org.ecdkit.interop.DescriptionFormat;
import org.ecdkit.interop.ModelDescriptions;

/**
 * A classifier definition made for one run from another description of a model (an .emd, a .dlpk,
 * a STAC MLM item, an ONNX model carrying Deepness metadata), so that classify and detect take what
 * ArcGIS Pro, STAC or QGIS users already hold. It lives in a scratch folder (with a package's
 * extracted model) that {@link #close} removes; the user's files are only read.
 *
 * <pre>{@code
 * try (ScratchDefinition made = ScratchDefinition.from(Path.of("model.dlpk")).orElseThrow()) {
 *     ClassifyRaster.run(made.file(), scene, out, ClassifyOptions.DEFAULT, listener);
 * }
 * }</pre>
 */
public final class ScratchDefinition implements AutoCloseable {

    private final Path file;
    private final DescriptionFormat source;
    private final List<Finding> findings;
    private final ScratchFolder scratch;

    private ScratchDefinition(Path file, DescriptionFormat source, List<Finding> findings, ScratchFolder scratch) {
        this.file = file;
        this.source = source;
        this.findings = List.copyOf(findings);
        this.scratch = scratch;
    }

    /**
     * A definition converted from {@code description}, or empty when it needs none: an .ecd already,
     * or no description ecdkit reads (the caller's own reading then says what it is).
     */
    public static Optional<ScratchDefinition> from(Path description) {
        DescriptionFormat format;
        try {
            format = ModelDescriptions.read(description).format();
        } catch (EcdkitException notADescription) {
            return Optional.empty();
        }
        if (format == DescriptionFormat.ECD || format == DescriptionFormat.CLASS_INFO) {
            return Optional.empty();
        }
        ScratchFolder scratch = ScratchFolder.create("ecdkit-definition-");
        try {
            String name = description.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".ecd";
            Conversion conversion = DeepLearningModelToEcd.run(description, description, scratch.path().resolve(name));
            return Optional.of(new ScratchDefinition(conversion.written(), format, conversion.findings(), scratch));
        } catch (RuntimeException e) {
            scratch.closeQuietly();
            throw e;
        }
    }

    /** The definition's path, inside the scratch folder. */
    public Path file() {
        return file;
    }

    /** What the definition was made from. */
    public DescriptionFormat source() {
        return source;
    }

    /** What converting noticed (warnings about what the source could not carry, notes). */
    public List<Finding> findings() {
        return findings;
    }

    @Override
    public void close() {
        scratch.close();
    }
}
