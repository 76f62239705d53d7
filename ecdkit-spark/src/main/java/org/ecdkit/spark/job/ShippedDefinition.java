package org.ecdkit.spark.job;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.inference.RunnableDefinition;

/**
 * A definition as executors find it: at its own path (one machine, or storage every executor mounts),
 * or shipped with the job (Spark's {@code addFile}, what {@code spark-submit --files} does), the
 * model beside it, into each executor's work folder. Either way every executor checks the model's
 * SHA-256 against the definition before running it, as one machine does.
 *
 * @param path    the definition on the driver
 * @param shipped whether executors read the copy Spark shipped
 */
public record ShippedDefinition(String path, boolean shipped) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Ships {@code definition} and its model with {@code context}'s jobs when {@code ship}. */
    public static ShippedDefinition of(SparkContext context, RunnableDefinition definition, boolean ship) {
        Path file = definition.file().toAbsolutePath();
        if (ship) {
            Path model = definition.model().toAbsolutePath();
            if (!file.getParent().equals(model.getParent())) {
                throw new UsageException("the model " + model + " is not beside its definition " + file + ", so it cannot be "
                        + "shipped with the job; put them in one folder, or keep them on storage every executor mounts");
            }
            context.addFile(file.toString());
            if (Files.isDirectory(model)) {
                context.addFile(model.toString(), true);
            } else {
                for (Path part : new java.util.LinkedHashSet<>(definition.modelFiles())) {
                    if (!part.toAbsolutePath().getParent().equals(file.getParent())) {
                        throw new UsageException("the model file " + part + " is not beside the definition " + file
                                + "; put them in one folder to ship them");
                    }
                    context.addFile(part.toAbsolutePath().toString());
                }
            }
        }
        return new ShippedDefinition(file.toString(), ship);
    }

    /** The definition's path on this executor. */
    public Path local() {
        return shipped ? Path.of(SparkFiles.get(Path.of(path).getFileName().toString())) : Path.of(path);
    }
}
