package org.ecdkit.model.tflite;

import java.util.ArrayList;
import java.util.List;
import org.ecdkit.model.flatbuffers.FlatTable;
import org.ecdkit.model.flatbuffers.FlatVector;

/**
 * How a sparse TFLite constant is stored (SparsityParameters: traversal_order 0, block_map 1,
 * dim_metadata 2): the dense shape's dimensions, and block dimensions, visited in traversal order,
 * each level either dense (DimensionMetadata.dense_size 1) or compressed (format 1, CSR: segments 3
 * and indices 5, each an Int32Vector, Uint16Vector or Uint8Vector by the union types 2 and 4).
 *
 * @param traversalOrder the levels' dimensions: original dimensions first, then blocks (rank + k)
 * @param blockMap       for each block dimension k, the original dimension it splits
 */
public record TfliteSparsity(int[] traversalOrder, int[] blockMap, List<Level> levels) {

    /** One level: dense of {@code denseSize}, or CSR with its segments and indices. */
    public record Level(boolean dense, int denseSize, int[] segments, int[] indices) {
    }

    static final int MAX_VALUES = 1 << 28;

    public static TfliteSparsity read(FlatTable table) {
        int[] order = ints(table.vector(0, 4, "SparsityParameters.traversal_order", 64));
        int[] blocks = ints(table.vector(1, 4, "SparsityParameters.block_map", 64));
        FlatVector metadata = table.vector(2, 4, "SparsityParameters.dim_metadata", 64);
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < metadata.length(); i++) {
            FlatTable level = metadata.table(i);
            boolean dense = level.int8(0, (byte) 0) == 0;
            levels.add(new Level(dense, level.int32(1, 0),
                    dense ? new int[0] : indexVector(level, 2, 3, "DimensionMetadata.array_segments"),
                    dense ? new int[0] : indexVector(level, 4, 5, "DimensionMetadata.array_indices")));
        }
        return new TfliteSparsity(order, blocks, List.copyOf(levels));
    }

    private static int[] ints(FlatVector vector) {
        int[] values = new int[vector.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vector.int32(i);
        }
        return values;
    }

    /** A SparseIndexVector union: Int32Vector 1, Uint16Vector 2, Uint8Vector 3, each a table whose field 0 is the values. */
    private static int[] indexVector(FlatTable level, int typeField, int valueField, String name) {
        int type = Byte.toUnsignedInt(level.int8(typeField, (byte) 0));
        var table = level.table(valueField, name);
        if (table.isEmpty() || type < 1 || type > 3) {
            return new int[0];
        }
        int size = type == 1 ? 4 : type == 2 ? 2 : 1;
        FlatVector values = table.get().vector(0, size, name + ".values", MAX_VALUES);
        int[] result = new int[values.length()];
        for (int i = 0; i < result.length; i++) {
            result[i] = type == 1 ? values.int32(i) : type == 2 ? values.uint16(i) : Byte.toUnsignedInt(values.int8(i));
        }
        return result;
    }
}
