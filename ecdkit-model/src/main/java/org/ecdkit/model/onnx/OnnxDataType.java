package org.ecdkit.model.onnx;

import org.ecdkit.core.model.ElementType;

/** ONNX's {@code TensorProto.DataType} enum (onnx.proto) mapped to ecdkit's element types. */
final class OnnxDataType {

    private OnnxDataType() {
    }

    static ElementType toElementType(int dataType) {
        return switch (dataType) {
            case 1 -> ElementType.FLOAT32;
            case 2 -> ElementType.UINT8;
            case 3 -> ElementType.INT8;
            case 4 -> ElementType.UINT16;
            case 5 -> ElementType.INT16;
            case 6 -> ElementType.INT32;
            case 7 -> ElementType.INT64;
            case 8 -> ElementType.STRING;
            case 9 -> ElementType.BOOL;
            case 10 -> ElementType.FLOAT16;
            case 11 -> ElementType.FLOAT64;
            case 12 -> ElementType.UINT32;
            case 13 -> ElementType.UINT64;
            case 14 -> ElementType.COMPLEX64;
            case 15 -> ElementType.COMPLEX128;
            case 16 -> ElementType.BFLOAT16;
            case 17, 18, 19, 20, 23 -> ElementType.FLOAT8;
            case 21 -> ElementType.UINT4;
            case 22 -> ElementType.INT4;
            default -> ElementType.UNKNOWN;
        };
    }
}
