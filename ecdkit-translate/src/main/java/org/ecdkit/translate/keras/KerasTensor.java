package org.ecdkit.translate.keras;

/**
 * A Keras tensor as a value of the ONNX graph.
 *
 * @param value    the ONNX value's name
 * @param rank     its rank, batch axis included
 * @param permuted whether the value's axes are ONNX's channels-first order while Keras sees the
 *                 tensor channels last: convolutions and pooling need channels first, and the
 *                 translation keeps values that way until a layer needs Keras's own order
 *                 (flatten, reshape, dense, the model's outputs)
 */
record KerasTensor(String value, int rank, boolean permuted) {

    boolean image() {
        return rank >= 3;
    }
}
