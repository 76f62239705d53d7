package org.ecdkit.translate.cntk;

import java.util.Map;

/** CNTK's PrimitiveOpType codes (CNTK's PrimitiveOpType.h, serialisation version 20) by name, for messages and dispatch. */
final class CntkOperators {

    static final int NEGATE = 0;
    static final int SIGMOID = 1;
    static final int TANH = 2;
    static final int RELU = 3;
    static final int EXP = 4;
    static final int LOG = 5;
    static final int SQRT = 6;
    static final int FLOOR = 7;
    static final int ABS = 8;
    static final int RECIPROCAL = 9;
    static final int SOFTMAX = 10;
    static final int TRANSPOSE_AXES = 12;
    static final int DROPOUT = 15;
    static final int RESHAPE = 16;
    static final int POOLING = 17;
    static final int PLUS = 19;
    static final int MINUS = 20;
    static final int ELEMENT_TIMES = 21;
    static final int TIMES = 31;
    static final int CONVOLUTION = 33;
    static final int REDUCE_ELEMENTS = 39;
    static final int BATCH_NORMALIZATION = 40;
    static final int CLIP = 41;
    static final int SPLICE = 43;
    static final int COMBINE = 44;
    static final int LOG_SOFTMAX = 51;
    static final int SIN = 54;
    static final int COS = 55;
    static final int PASS = 56;
    static final int BLOCK = 57;
    static final int NO_OP = 62;
    static final int STOP_GRADIENT = 64;
    static final int ELU = 65;
    static final int STABLE_SIGMOID = 75;
    static final int PAD = 83;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(NEGATE, "Negate"), Map.entry(SIGMOID, "Sigmoid"),
            Map.entry(TANH, "Tanh"), Map.entry(RELU, "ReLU"), Map.entry(EXP, "Exp"), Map.entry(LOG, "Log"),
            Map.entry(SQRT, "Sqrt"), Map.entry(FLOOR, "Floor"), Map.entry(ABS, "Abs"), Map.entry(RECIPROCAL, "Reciprocal"),
            Map.entry(SOFTMAX, "Softmax"), Map.entry(11, "Hardmax"), Map.entry(TRANSPOSE_AXES, "TransposeAxes"),
            Map.entry(13, "Where"), Map.entry(14, "Slice"), Map.entry(DROPOUT, "Dropout"), Map.entry(RESHAPE, "Reshape"),
            Map.entry(POOLING, "Pooling"), Map.entry(18, "SumAll"), Map.entry(PLUS, "Plus"), Map.entry(MINUS, "Minus"),
            Map.entry(ELEMENT_TIMES, "ElementTimes"), Map.entry(TIMES, "Times"), Map.entry(32, "TransposeTimes"),
            Map.entry(CONVOLUTION, "Convolution"), Map.entry(37, "PastValue"), Map.entry(38, "FutureValue"),
            Map.entry(39, "ReduceElements"), Map.entry(BATCH_NORMALIZATION, "BatchNormalization"), Map.entry(CLIP, "Clip"),
            Map.entry(42, "Select"), Map.entry(SPLICE, "Splice"), Map.entry(COMBINE, "Combine"), Map.entry(47, "ROIPooling"),
            Map.entry(49, "OptimizedRNNStack"), Map.entry(LOG_SOFTMAX, "LogSoftmax"), Map.entry(SIN, "Sin"), Map.entry(COS, "Cos"),
            Map.entry(PASS, "Pass"), Map.entry(BLOCK, "Block"), Map.entry(58, "Unpooling"), Map.entry(NO_OP, "NoOp"),
            Map.entry(STOP_GRADIENT, "StopGradient"), Map.entry(ELU, "ELU"), Map.entry(68, "OneHot"), Map.entry(69, "Pow"),
            Map.entry(74, "Gather"), Map.entry(STABLE_SIGMOID, "StableSigmoid"), Map.entry(PAD, "Pad"), Map.entry(84, "Crop"),
            Map.entry(87, "TopK"), Map.entry(88, "Squeeze"), Map.entry(91, "Cast"));

    private CntkOperators() {
    }

    static String name(int op) {
        return NAMES.getOrDefault(op, "operator " + op);
    }
}
