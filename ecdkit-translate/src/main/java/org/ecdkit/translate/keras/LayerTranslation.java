package org.ecdkit.translate.keras;

import java.util.List;
import org.ecdkit.model.keras.KerasWeight;

/** How one kind of Keras layer becomes ONNX nodes. */
@FunctionalInterface
interface LayerTranslation {

    /**
     * @param inputs  the tensors feeding the layer, in its call's order
     * @param weights the layer's weights in Keras's order for its class
     * @return the layer's output
     */
    KerasTensor translate(LayerConfig layer, List<KerasTensor> inputs, List<KerasWeight> weights, KerasGraph graph);
}
