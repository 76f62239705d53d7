package org.ecdkit.model;

import java.util.Optional;

/**
 * Choices a user makes where a model offers several.
 *
 * @param signature  the SavedModel signature to read (default: "serving_default")
 * @param outputNode the frozen-graph node to treat as the output when several are left
 */
public record InspectOptions(Optional<String> signature, Optional<String> outputNode) {

    public static final InspectOptions DEFAULT = new InspectOptions(Optional.empty(), Optional.empty());
}
