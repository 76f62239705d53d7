package org.ecdkit.inference.pipeline;

import java.util.List;
import org.ecdkit.runtime.Tensor;

/**
 * The outputs of one run call, in the order the runner was opened for, shared by the tiles of its
 * batch. Values are handed out as arrays without copying where the runtime's result is on the heap.
 */
public final class ModelOutputs {

    private final List<Tensor> tensors;
    private final float[][] arrays;

    public ModelOutputs(List<Tensor> tensors) {
        this.tensors = List.copyOf(tensors);
        this.arrays = new float[this.tensors.size()][];
    }

    public int count() {
        return tensors.size();
    }

    public Tensor tensor(int output) {
        return tensors.get(output);
    }

    /** The shape of output {@code output}, batch first. */
    public long[] shape(int output) {
        return tensors.get(output).shape();
    }

    /** Output {@code output}'s values, row-major; the caller must not change them. */
    public synchronized float[] values(int output) {
        if (arrays[output] == null) {
            Tensor tensor = tensors.get(output);
            if (tensor.data().hasArray() && tensor.data().arrayOffset() == 0) {
                arrays[output] = tensor.data().array();
            } else {
                float[] copy = new float[tensor.size()];
                tensor.data().duplicate().rewind().get(copy);
                arrays[output] = copy;
            }
        }
        return arrays[output];
    }
}
