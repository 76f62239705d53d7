package org.ecdkit.model;

import java.util.Set;
import org.ecdkit.core.model.ModelFormat;

/**
 * Reads one model format's signature without a deep-learning runtime. Implementations are found
 * with {@link java.util.ServiceLoader}; each lives in the package named after its format.
 *
 * <p>Inspection must cost what the graph costs, not what the weights cost: weights are skipped,
 * never read. Every failure is one of ecdkit's exceptions naming the file and the place in it.
 */
public interface ModelInspector {

    ModelFormat format();

    /** File extensions (lower case, no dot) that suggest this format; used only to break ties. */
    Set<String> extensions();

    /** How strongly {@code source} looks like this format. Must be cheap and must not throw for other formats. */
    Recognition recognise(ModelSource source);

    Inspection inspect(ModelSource source, InspectOptions options);
}
