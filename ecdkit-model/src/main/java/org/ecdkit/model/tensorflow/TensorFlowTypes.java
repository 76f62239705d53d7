package org.ecdkit.model.tensorflow;

import org.ecdkit.core.model.ElementType;

/** TensorFlow's {@code DataType} enum (tensorflow/core/framework/types.proto); reference types map to their base. */
final class TensorFlowTypes {

    private TensorFlowTypes() {
    }

    static ElementType toElementType(int dataType) {
        int base = dataType > 100 ? dataType - 100 : dataType;
        return switch (base) {
            case 1 -> ElementType.FLOAT32;
            case 2 -> ElementType.FLOAT64;
            case 3 -> ElementType.INT32;
            case 4 -> ElementType.UINT8;
            case 5 -> ElementType.INT16;
            case 6 -> ElementType.INT8;
            case 7 -> ElementType.STRING;
            case 8 -> ElementType.COMPLEX64;
            case 9 -> ElementType.INT64;
            case 10 -> ElementType.BOOL;
            case 14 -> ElementType.BFLOAT16;
            case 17 -> ElementType.UINT16;
            case 18 -> ElementType.COMPLEX128;
            case 19 -> ElementType.FLOAT16;
            case 22 -> ElementType.UINT32;
            case 23 -> ElementType.UINT64;
            case 24, 25 -> ElementType.FLOAT8;
            case 29 -> ElementType.INT4;
            case 30 -> ElementType.UINT4;
            default -> ElementType.UNKNOWN;
        };
    }
}
