package org.ecdkit.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ecdkit.core.model.ModelFormat;

/**
 * A model as a runner needs it: where it is, its format, which input takes imagery and which
 * outputs to fetch (the class output for classification; boxes, scores, classes for detection).
 *
 * @param path      the model file, or SavedModel folder
 * @param format    its format
 * @param input     the input fed with imagery
 * @param outputs   the outputs to fetch, in the order results are returned
 * @param signature the signature whose names {@code input} and {@code outputs} are (a SavedModel's
 *                  "serving_default"), or empty when the names are the graph's own
 */
public record RunnableModel(Path path, ModelFormat format, String input, List<String> outputs, String signature) {

    public RunnableModel {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a model runs for at least one output");
        }
        signature = signature == null ? "" : signature;
    }

    /** A model run for one output, named by the graph. */
    public RunnableModel(Path path, ModelFormat format, String input, String output) {
        this(path, format, input, List.of(output), "");
    }

    /** The first output: the class output of a classifier. */
    public String output() {
        return outputs.get(0);
    }
}
