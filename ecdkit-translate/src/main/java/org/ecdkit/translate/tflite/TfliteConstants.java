package org.ecdkit.translate.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.HalfFloat;
import org.ecdkit.model.tflite.TfliteGraphTensor;
import org.ecdkit.model.tflite.TfliteQuantization;
import org.ecdkit.translate.onnx.FloatTensor;

/**
 * A TFLite constant's real values: float32 as stored, float16 widened, int8/uint8/int32 weights
 * dequantized ({@code scale × (q − zero point)}, per tensor or per channel along the quantized
 * dimension), int32 tensors without quantization (shapes, axes, paddings) as integers.
 */
final class TfliteConstants {

    /** The most values one constant may hold: 1 Gi, whatever its shape claims. */
    static final long MAX_VALUES = 1L << 30;

    private TfliteConstants() {
    }

    static FloatTensor floats(java.nio.file.Path file, TfliteGraphTensor tensor) {
        long[] shape = new long[tensor.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = tensor.shape()[i];
        }
        return new FloatTensor(shape, values(file, tensor, count(file, tensor)));
    }

    /**
     * The first {@code count} stored values, real; a sparse constant stores fewer values than its
     * shape holds, and passes the count its buffer has.
     */
    static float[] values(java.nio.file.Path file, TfliteGraphTensor tensor, int count) {
        ByteBuffer data = data(file, tensor);
        long[] shape = new long[tensor.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = tensor.shape()[i];
        }
        float[] values = new float[count];
        TfliteQuantization quantization = tensor.quantization().orElse(null);
        int size = switch (tensor.type()) {
            case TfliteGraphTensor.FLOAT32, TfliteGraphTensor.INT32 -> 4;
            case TfliteGraphTensor.FLOAT16, TfliteGraphTensor.INT16 -> 2;
            case TfliteGraphTensor.INT8, TfliteGraphTensor.UINT8 -> 1;
            default -> throw unsupported(file, tensor, "of type " + tensor.elementType().label()
                    + ", which has no float equivalent");
        };
        if (data.remaining() < (long) count * size) {
            throw unsupported(file, tensor, "holds " + data.remaining() + " bytes; its shape needs " + (long) count * size);
        }
        boolean quantized = quantization != null && tensor.type() != TfliteGraphTensor.FLOAT32
                && tensor.type() != TfliteGraphTensor.FLOAT16;
        int channels = 1;
        int inner = 1;
        if (quantized && quantization.perChannel()) {
            int axis = quantization.axis();
            if (axis < 0 || axis >= shape.length || shape[axis] != quantization.scales().length) {
                throw unsupported(file, tensor, "has " + quantization.scales().length + " scales along axis " + axis
                        + " of shape " + java.util.Arrays.toString(shape));
            }
            channels = (int) shape[axis];
            for (int i = axis + 1; i < shape.length; i++) {
                inner *= (int) shape[i];
            }
        }
        for (int i = 0; i < count; i++) {
            float raw = switch (tensor.type()) {
                case TfliteGraphTensor.FLOAT32 -> data.getFloat(i * 4);
                case TfliteGraphTensor.FLOAT16 -> HalfFloat.toFloat(data.getShort(i * 2));
                case TfliteGraphTensor.INT32 -> data.getInt(i * 4);
                case TfliteGraphTensor.INT16 -> data.getShort(i * 2);
                case TfliteGraphTensor.INT8 -> data.get(i);
                default -> Byte.toUnsignedInt(data.get(i));
            };
            if (quantized) {
                int channel = channels == 1 ? 0 : (i / inner) % channels;
                raw = (float) (quantization.scale(channel) * (raw - quantization.zeroPoint(channel)));
            }
            values[i] = raw;
        }
        return values;
    }

    /** How many values the buffer holds, for a sparse constant (whose shape is the dense one). */
    static int storedCount(java.nio.file.Path file, TfliteGraphTensor tensor) {
        int size = switch (tensor.type()) {
            case TfliteGraphTensor.FLOAT32, TfliteGraphTensor.INT32 -> 4;
            case TfliteGraphTensor.FLOAT16, TfliteGraphTensor.INT16 -> 2;
            default -> 1;
        };
        return data(file, tensor).remaining() / size;
    }

    /** An integer constant: a shape, axes, paddings, a permutation. */
    static long[] ints(java.nio.file.Path file, TfliteGraphTensor tensor) {
        ByteBuffer data = data(file, tensor);
        int count = count(file, tensor);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (tensor.type()) {
                case TfliteGraphTensor.INT32 -> data.getInt(i * 4);
                case TfliteGraphTensor.INT64 -> data.getLong(i * 8);
                default -> throw unsupported(file, tensor, "is of type " + tensor.elementType().label()
                        + " where integers belong");
            };
        }
        return values;
    }

    private static ByteBuffer data(java.nio.file.Path file, TfliteGraphTensor tensor) {
        return tensor.data().orElseThrow(() -> unsupported(file, tensor, "has no constant value where the operator needs one"))
                .duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int count(java.nio.file.Path file, TfliteGraphTensor tensor) {
        long count = tensor.elementCount();
        if (count > MAX_VALUES) {
            throw unsupported(file, tensor, "claims " + count + " values; ecdkit reads at most " + MAX_VALUES);
        }
        return (int) count;
    }

    static UnsupportedInputException unsupported(java.nio.file.Path file, TfliteGraphTensor tensor, String problem) {
        return new UnsupportedInputException(Place.in(file, "tensor " + tensor.index() + " " + Printable.quoted(tensor.name())),
                problem);
    }
}
