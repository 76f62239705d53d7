package org.ecdkit.model.tflite;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.model.flatbuffers.FlatTable;

/**
 * A tensor of a TFLite subgraph as a translation needs it.
 *
 * @param index        its index in the subgraph
 * @param type         TensorType (FLOAT32 0, FLOAT16 1, INT32 2, UINT8 3, INT64 4, INT8 9, INT16 7, ...)
 * @param shape        its shape; -1 where shape_signature leaves a dimension to run time
 * @param data         its constant value (the buffer's bytes), empty for a computed tensor
 * @param quantization its quantization, when quantized
 * @param sparsity     the SparsityParameters table of a sparse constant (DENSIFY's input)
 */
public record TfliteGraphTensor(int index, String name, int type, int[] shape, Optional<ByteBuffer> data,
        Optional<TfliteQuantization> quantization, Optional<FlatTable> sparsity) {

    public static final int FLOAT32 = 0;
    public static final int FLOAT16 = 1;
    public static final int INT32 = 2;
    public static final int UINT8 = 3;
    public static final int INT64 = 4;
    public static final int INT16 = 7;
    public static final int INT8 = 9;

    public TfliteGraphTensor {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public boolean constant() {
        return data.isPresent();
    }

    public ElementType elementType() {
        return TfliteTensor.elementType(type);
    }

    public long elementCount() {
        long count = 1;
        for (int dim : shape) {
            count *= Math.max(dim, 0);
        }
        return count;
    }
}
