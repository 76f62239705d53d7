package org.ecdkit.model.keras;

import java.util.Arrays;

/**
 * One weight of a layer, as Keras stores it: a kernel {@code [kh, kw, in, out]}, a bias, a batch
 * norm's moving mean. Values in C order.
 *
 * @param name where it was found ("model_weights/conv1/conv1/kernel:0", "layers/conv2d/vars/0")
 */
public record KerasWeight(String name, long[] shape, float[] values) {

    public KerasWeight {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape);
    }
}
