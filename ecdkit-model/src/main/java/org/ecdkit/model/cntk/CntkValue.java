package org.ecdkit.model.cntk;

import java.util.List;
import java.util.Map;

/**
 * A {@code DictionaryValue} of CNTK.proto (CNTK's own serialisation of Dictionary, the format of v2
 * model files), as a tree. NDArrayViews keep their type and shape only: their values, the weights,
 * are skipped when the file is read.
 */
sealed interface CntkValue {

    record Bool(boolean value) implements CntkValue {
    }

    /** An int, size_t, float or double. */
    record Number(double value) implements CntkValue {
    }

    record Text(String value) implements CntkValue {
    }

    /** An NDShape, its dims as stored: CNTK's column-major order, the reverse of Python's. */
    record Shape(long[] dims) implements CntkValue {
        public Shape {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }
    }

    record Axis(int staticIndex, String name, boolean dynamic) implements CntkValue {
    }

    record Vector(List<CntkValue> values) implements CntkValue {
    }

    record Dict(Map<String, CntkValue> entries) implements CntkValue {

        CntkValue get(String key) {
            return entries.get(key);
        }

        String text(String key) {
            return entries.get(key) instanceof Text t ? t.value() : "";
        }

        long number(String key, long fallback) {
            return entries.get(key) instanceof Number n ? (long) n.value() : fallback;
        }

        List<CntkValue> vector(String key) {
            return entries.get(key) instanceof Vector v ? v.values() : List.of();
        }
    }

    /** An NDArrayView: data type (CNTK's DataType enum) and shape; the values were skipped. */
    record ArrayView(int dataType, long[] dims) implements CntkValue {
        public ArrayView {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }
    }

    record None() implements CntkValue {
    }
}
