package org.ecdkit.convert;

import java.util.Optional;
import org.ecdkit.model.InspectOptions;

/**
 * Choices for a conversion beyond the three paths.
 *
 * @param allowMismatch turn contradictions between class info and model into warnings, and write
 *                      the definition anyway (the default refuses)
 * @param input         the model input to feed imagery to, when the model has several
 * @param output        the model output to read classes from, when it has several
 * @param inspect       format-specific choices (SavedModel signature, frozen-graph output node)
 */
public record ConversionOptions(boolean allowMismatch, Optional<String> input, Optional<String> output,
        InspectOptions inspect) {

    public static final ConversionOptions DEFAULT = new ConversionOptions(false, Optional.empty(), Optional.empty(),
            InspectOptions.DEFAULT);

    public ConversionOptions withAllowMismatch(boolean allow) {
        return new ConversionOptions(allow, input, output, inspect);
    }
}
