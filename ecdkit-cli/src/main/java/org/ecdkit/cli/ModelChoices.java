package org.ecdkit.cli;

import java.util.Optional;
import org.ecdkit.model.InspectOptions;
import picocli.CommandLine.Option;

/** Options that choose among what a model offers, shared by convert and inspect. */
final class ModelChoices {

    @Option(names = "--signature", paramLabel = "NAME",
            description = "Signature of a TensorFlow SavedModel or TFLite model to read (default: serving_default).")
    String signature;

    @Option(names = "--output-node", paramLabel = "NODE",
            description = "Frozen-graph node to take as the output when several are left.")
    String outputNode;

    InspectOptions inspectOptions() {
        return new InspectOptions(Optional.ofNullable(signature), Optional.ofNullable(outputNode));
    }
}
