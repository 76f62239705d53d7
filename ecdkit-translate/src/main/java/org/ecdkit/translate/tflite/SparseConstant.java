package org.ecdkit.translate.tflite;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.model.tflite.TfliteGraphTensor;
import org.ecdkit.model.tflite.TfliteSparsity;
import org.ecdkit.translate.onnx.FloatTensor;

/**
 * A sparse TFLite constant made dense, as TFLite's DENSIFY does at load time: the stored values are
 * laid out by walking the levels in traversal order (dense levels by their size, CSR levels by their
 * segments and indices), block coordinates folded back into the original dimensions. Every index
 * and segment bound is checked: a damaged file ends in an error naming the tensor.
 */
final class SparseConstant {

    private final Path file;
    private final TfliteGraphTensor tensor;
    private final TfliteSparsity sparsity;
    private final int[] shape;
    private final float[] stored;
    private final float[] dense;
    private final int[] blockSizes;
    private int next;

    private SparseConstant(Path file, TfliteGraphTensor tensor, TfliteSparsity sparsity, float[] stored) {
        this.file = file;
        this.tensor = tensor;
        this.sparsity = sparsity;
        this.shape = tensor.shape();
        this.stored = stored;
        this.dense = new float[(int) tensor.elementCount()];
        this.blockSizes = new int[sparsity.blockMap().length];
    }

    static FloatTensor densify(Path file, TfliteGraphTensor tensor) {
        TfliteSparsity sparsity = TfliteSparsity.read(tensor.sparsity().orElseThrow(() -> TfliteConstants.unsupported(file,
                tensor, "is no sparse tensor, where DENSIFY needs one")));
        long count = tensor.elementCount();
        if (count > TfliteConstants.MAX_VALUES || tensor.shape().length == 0) {
            throw TfliteConstants.unsupported(file, tensor, "has a dense shape of " + count + " values");
        }
        float[] stored = TfliteConstants.values(file, tensor, TfliteConstants.storedCount(file, tensor));
        SparseConstant constant = new SparseConstant(file, tensor, sparsity, stored);
        constant.check();
        constant.populate(new int[sparsity.levels().size()], 0, 0);
        long[] dims = new long[constant.shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = constant.shape[i];
        }
        return new FloatTensor(dims, constant.dense);
    }

    private void check() {
        int rank = shape.length;
        List<TfliteSparsity.Level> levels = sparsity.levels();
        int[] order = sparsity.traversalOrder();
        if (order.length != levels.size() || order.length != rank + blockSizes.length) {
            throw problem("has " + order.length + " traversal levels and " + levels.size() + " level descriptions for "
                    + rank + " dimensions and " + blockSizes.length + " blocks");
        }
        for (int k = 0; k < blockSizes.length; k++) {
            int map = sparsity.blockMap()[k];
            blockSizes[k] = levels.get(rank + k).denseSize();
            if (map < 0 || map >= rank || blockSizes[k] <= 0) {
                throw problem("has block " + k + " of size " + blockSizes[k] + " over dimension " + map);
            }
        }
        for (int level : order) {
            if (level < 0 || level >= order.length) {
                throw problem("has traversal level " + level + " of " + order.length);
            }
        }
    }

    private void populate(int[] indices, int level, int previous) {
        List<TfliteSparsity.Level> levels = sparsity.levels();
        if (level == indices.length) {
            place(indices);
            return;
        }
        TfliteSparsity.Level description = levels.get(level);
        if (description.dense()) {
            for (int i = 0; i < description.denseSize(); i++) {
                indices[level] = i;
                populate(indices, level + 1, previous * description.denseSize() + i);
            }
            return;
        }
        int[] segments = description.segments();
        if (previous + 1 >= segments.length) {
            return;
        }
        int from = segments[previous];
        int to = segments[previous + 1];
        if (from < 0 || to > description.indices().length || from > to) {
            throw problem("has a segment " + from + ".." + to + " outside its " + description.indices().length + " indices");
        }
        for (int i = from; i < to; i++) {
            indices[level] = description.indices()[i];
            populate(indices, level + 1, i);
        }
    }

    private void place(int[] indices) {
        int rank = shape.length;
        int[] original = new int[rank];
        int[] order = sparsity.traversalOrder();
        for (int i = 0; i < rank; i++) {
            original[order[i]] = indices[i];
        }
        for (int i = rank; i < indices.length; i++) {
            int block = order[i] - rank;
            int dimension = sparsity.blockMap()[block];
            original[dimension] = original[dimension] * blockSizes[block] + indices[i];
        }
        long flat = 0;
        for (int d = 0; d < rank; d++) {
            if (original[d] < 0 || original[d] >= shape[d]) {
                throw problem("places a value at index " + original[d] + " of dimension " + d + " (size " + shape[d] + ")");
            }
            flat = flat * shape[d] + original[d];
        }
        if (next >= stored.length) {
            throw problem("describes more values than the " + stored.length + " it stores");
        }
        dense[(int) flat] = stored[next++];
    }

    private RuntimeException problem(String what) {
        return TfliteConstants.unsupported(file, tensor, "(sparse) " + what);
    }
}
