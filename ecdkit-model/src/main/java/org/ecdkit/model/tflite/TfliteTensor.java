package org.ecdkit.model.tflite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Shape;
import org.ecdkit.model.flatbuffers.FlatTable;
import org.ecdkit.model.flatbuffers.FlatVector;

/**
 * A {@code Tensor} table of the TFLite schema (tensorflow/lite/schema/schema.fbs): shape 0, type 1,
 * buffer 2, name 3, quantization 4, shape_signature 7 (-1 for a dimension fixed only when the
 * model runs).
 *
 * @param name         the tensor's name
 * @param type         its element type
 * @param shape        shape_signature where the file has one, else shape
 * @param quantization "scale 0.0078125, zero point 128" for a quantized tensor
 */
record TfliteTensor(String name, ElementType type, Shape shape, Optional<String> quantization) {

    private static final int MAX_RANK = 16;
    private static final int MAX_NAME = 1 << 16;

    static TfliteTensor read(FlatTable tensor) {
        FlatVector signature = tensor.vector(7, 4, "Tensor.shape_signature", MAX_RANK);
        FlatVector dims = signature.length() > 0 ? signature : tensor.vector(0, 4, "Tensor.shape", MAX_RANK);
        List<Dim> shape = new ArrayList<>();
        for (int i = 0; i < dims.length(); i++) {
            int size = dims.int32(i);
            shape.add(size < 0 ? Dim.unknown() : Dim.of(size));
        }
        Optional<String> quantization = tensor.table(4, "Tensor.quantization").flatMap(TfliteTensor::describeQuantization);
        return new TfliteTensor(tensor.string(3, MAX_NAME).orElse(""), elementType(tensor.int8(1, (byte) 0)),
                Shape.of(shape), quantization);
    }

    /** QuantizationParameters: scale 2 ([float]), zero_point 3 ([long]); per-axis scales are summarised. */
    private static Optional<String> describeQuantization(FlatTable parameters) {
        FlatVector scale = parameters.vector(2, 4, "QuantizationParameters.scale");
        FlatVector zeroPoint = parameters.vector(3, 8, "QuantizationParameters.zero_point");
        if (scale.length() == 0) {
            return Optional.empty();
        }
        if (scale.length() > 1) {
            return Optional.of(scale.length() + " per-channel scales");
        }
        float s = Float.intBitsToFloat(scale.int32(0));
        long z = zeroPoint.length() > 0 ? zeroPoint.int64(0) : 0;
        return Optional.of("real = " + s + " × (q − " + z + ")");
    }

    /** TensorType: FLOAT32 0, FLOAT16 1, INT32 2, UINT8 3, INT64 4, STRING 5, BOOL 6, INT16 7, COMPLEX64 8,
     * INT8 9, FLOAT64 10, COMPLEX128 11, UINT64 12, UINT32 15, UINT16 16, INT4 17, BFLOAT16 18. */
    static ElementType elementType(int type) {
        return switch (type) {
            case 0 -> ElementType.FLOAT32;
            case 1 -> ElementType.FLOAT16;
            case 2 -> ElementType.INT32;
            case 3 -> ElementType.UINT8;
            case 4 -> ElementType.INT64;
            case 5 -> ElementType.STRING;
            case 6 -> ElementType.BOOL;
            case 7 -> ElementType.INT16;
            case 8 -> ElementType.COMPLEX64;
            case 9 -> ElementType.INT8;
            case 10 -> ElementType.FLOAT64;
            case 11 -> ElementType.COMPLEX128;
            case 12 -> ElementType.UINT64;
            case 15 -> ElementType.UINT32;
            case 16 -> ElementType.UINT16;
            case 17 -> ElementType.INT4;
            case 18 -> ElementType.BFLOAT16;
            default -> ElementType.UNKNOWN;
        };
    }
}
