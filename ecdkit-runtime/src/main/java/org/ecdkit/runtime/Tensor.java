package org.ecdkit.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense float tensor in row-major order, backed by a buffer runtimes can read without copying
 * (direct, native byte order).
 *
 * @param shape the size of each axis
 * @param data  {@code product(shape)} values
 */
public record Tensor(long[] shape, FloatBuffer data) {

    public Tensor {
        shape = shape.clone();
        long count = count(shape);
        if (data.capacity() < count) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " needs " + count
                    + " values, the buffer holds " + data.capacity());
        }
    }

    /** A zero-filled tensor in direct memory. */
    public static Tensor allocate(long... shape) {
        long count = count(shape);
        if (count > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("a tensor of " + count + " values is too large");
        }
        FloatBuffer data = ByteBuffer.allocateDirect((int) count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new Tensor(shape, data);
    }

    /** A zero-filled tensor on the heap, whose values a caller can take as an array without copying. */
    public static Tensor heap(long... shape) {
        long count = count(shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tensor of " + count + " values is too large");
        }
        return new Tensor(shape, FloatBuffer.wrap(new float[(int) count]));
    }

    public static long count(long[] shape) {
        long count = 1;
        for (long axis : shape) {
            if (axis < 0) {
                throw new IllegalArgumentException("negative axis in " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, axis);
        }
        return count;
    }

    /** The size of each axis, in a new array. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int size() {
        return (int) count(shape);
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
