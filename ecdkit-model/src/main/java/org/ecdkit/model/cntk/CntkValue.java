package org.ecdkit.model.cntk;

import java.util.List;
import java.util.Map;

/**
 * A {@code DictionaryValue} of CNTK.proto (CNTK's own serialisation of Dictionary, the format of v2
 * model files), as a tree. NDArrayViews keep their type and shape; their values, the weights, are
 * read only for a translation ({@link CntkModelFile}), skipped for inspection.
 */
public sealed interface CntkValue {

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

        public CntkValue get(String key) {
            return entries.get(key);
        }

        public String text(String key) {
            return entries.get(key) instanceof Text t ? t.value() : "";
        }

        public long number(String key, long fallback) {
            return entries.get(key) instanceof Number n ? (long) n.value() : fallback;
        }

        public double real(String key, double fallback) {
            return entries.get(key) instanceof Number n ? n.value() : fallback;
        }

        public boolean bool(String key, boolean fallback) {
            return entries.get(key) instanceof Bool b ? b.value() : fallback;
        }

        public List<CntkValue> vector(String key) {
            return entries.get(key) instanceof Vector v ? v.values() : List.of();
        }

        /** An NDShape entry as stored (CNTK's order), or an empty array. */
        public long[] shape(String key) {
            return entries.get(key) instanceof Shape s ? s.dims() : new long[0];
        }

        public Dict dict(String key) {
            return entries.get(key) instanceof Dict d ? d : new Dict(Map.of());
        }
    }

    /**
     * An NDArrayView: data type (CNTK's DataType enum), shape as stored, and, when read for a
     * translation, its values in storage order (CNTK's column-major order of the stored shape, which
     * is the row-major order of the Python shape); empty when skipped.
     */
    record ArrayView(int dataType, long[] dims, float[] values) implements CntkValue {
        public ArrayView {
            dims = dims.clone();
        }

        ArrayView(int dataType, long[] dims) {
            this(dataType, dims, new float[0]);
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }
    }

    record None() implements CntkValue {
    }
}
