package org.ecdkit.runtime;

import java.nio.file.Path;
import org.ecdkit.core.model.ModelFormat;

/**
 * A model as a runner needs it: where it is, its format, and which input takes imagery and which
 * output gives classes.
 */
public record RunnableModel(Path path, ModelFormat format, String input, String output) {
}
