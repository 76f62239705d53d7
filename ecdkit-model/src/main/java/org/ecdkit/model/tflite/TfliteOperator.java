package org.ecdkit.model.tflite;

import java.util.Optional;
import org.ecdkit.model.flatbuffers.FlatTable;

/**
 * An operator of a TFLite subgraph.
 *
 * @param index         its place in the subgraph's execution order
 * @param builtin       BuiltinOperator (CONV_2D 3, ...), 32 (CUSTOM) for a custom operator
 * @param customName    a custom operator's name ("Convolution2DTransposeBias"), else empty
 * @param inputs        tensor indexes; -1 for an omitted optional input
 * @param options       its builtin options table
 * @param customOptions a custom operator's options, raw
 */
public record TfliteOperator(int index, int builtin, String customName, int[] inputs, int[] outputs,
        Optional<FlatTable> options, byte[] customOptions) {

    public static final int CUSTOM = 32;

    public TfliteOperator {
        inputs = inputs.clone();
        outputs = outputs.clone();
        customOptions = customOptions.clone();
    }

    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    @Override
    public byte[] customOptions() {
        return customOptions.clone();
    }

    public int input(int i) {
        return i < inputs.length ? inputs[i] : -1;
    }

    /** "CONV_2D", or the custom operator's name. */
    public String label() {
        return builtin == CUSTOM ? customName : TfliteOperatorNames.of(builtin);
    }
}
