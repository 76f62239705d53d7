package org.ecdkit.translate.onnx;

import java.util.Arrays;

/**
 * A float tensor held in Java, in C order: a weight on its way from a framework's layout to ONNX's.
 * The only operations are the ones weight layouts need: transpose and reshape.
 */
public record FloatTensor(long[] shape, float[] values) {

    public FloatTensor {
        shape = shape.clone();
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, not "
                    + values.length);
        }
    }

    public static FloatTensor scalar(float value) {
        return new FloatTensor(new long[0], new float[] {value});
    }

    public static FloatTensor vector(float... values) {
        return new FloatTensor(new long[] {values.length}, values);
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

    public FloatTensor reshape(long... newShape) {
        return new FloatTensor(newShape, values);
    }

    /** Axis {@code i} of the result is axis {@code perm[i]} of this tensor, as ONNX's Transpose. */
    public FloatTensor transpose(int... perm) {
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("a permutation of " + perm.length + " axes for a tensor of rank " + rank);
        }
        long[] outShape = new long[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
        }
        long[] inStrides = strides(shape);
        float[] out = new float[values.length];
        int[] index = new int[rank];
        for (int o = 0; o < out.length; o++) {
            long source = 0;
            for (int i = 0; i < rank; i++) {
                source += index[i] * inStrides[perm[i]];
            }
            out[o] = values[(int) source];
            for (int i = rank - 1; i >= 0; i--) {
                if (++index[i] < outShape[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        return new FloatTensor(outShape, out);
    }

    private static long[] strides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
