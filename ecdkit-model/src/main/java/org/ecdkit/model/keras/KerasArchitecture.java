package org.ecdkit.model.keras;

import java.util.List;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.TensorSpec;

/**
 * A Keras model's layers and how they connect, as its config describes them: what a translation
 * walks. Inputs and outputs are named as {@code inspect} and {@code convert} name them, so a
 * definition made from the Keras file finds its tensors in the translation too.
 *
 * @param className    "Sequential", "Functional" or "Model"
 * @param layers       every layer in the config's order (a functional config lists a layer after the
 *                     layers feeding it; a Sequential model's layers feed each other in order)
 * @param inputLayers  a functional model's input layers; empty for a Sequential model
 * @param outputLayers a functional model's output layers; empty for a Sequential model
 * @param inputs       the model's inputs as inspection reads them
 * @param outputs      the model's outputs as inspection reads them
 * @param imageLayout  the layers' data_format: NHWC (channels last) unless one says channels_first
 * @param kerasVersion the Keras that wrote the file ("2.4.0", "3.15.1"), empty when it does not say
 */
public record KerasArchitecture(String className, List<KerasLayer> layers, List<String> inputLayers,
        List<String> outputLayers, List<TensorSpec> inputs, List<TensorSpec> outputs, Layout imageLayout,
        String kerasVersion) {

    public KerasArchitecture {
        layers = List.copyOf(layers);
        inputLayers = List.copyOf(inputLayers);
        outputLayers = List.copyOf(outputLayers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    static KerasArchitecture of(KerasModelConfig config, String kerasVersion) {
        return new KerasArchitecture(config.className(), config.layers(), config.inputNames(), config.outputNames(),
                config.inputs(), config.outputs(), config.imageLayout(), kerasVersion);
    }

    public boolean sequential() {
        return className.equals("Sequential") || inputLayers.isEmpty();
    }

    /** Keras's major version, 2 when the file does not say (files without it predate Keras 3). */
    public int kerasMajor() {
        try {
            return kerasVersion.isEmpty() ? 2 : Integer.parseInt(kerasVersion.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 2;
        }
    }
}
