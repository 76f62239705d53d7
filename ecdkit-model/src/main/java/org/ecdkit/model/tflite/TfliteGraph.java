package org.ecdkit.model.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.model.flatbuffers.FlatBuffer;
import org.ecdkit.model.flatbuffers.FlatTable;
import org.ecdkit.model.flatbuffers.FlatVector;

/**
 * A TFLite model's main subgraph (subgraph 0) read for translation: its tensors with their constant
 * values, its operators in execution order with their options, its inputs and outputs. The file is
 * memory-mapped; a constant's bytes are read when a translation asks for them.
 *
 * <p>Schema fields (tensorflow/lite/schema/schema.fbs): Model operator_codes 1, subgraphs 2, buffers 4;
 * OperatorCode deprecated_builtin_code 0, custom_code 1, builtin_code 3; SubGraph tensors 0, inputs 1,
 * outputs 2, operators 3; Operator opcode_index 0, inputs 1, outputs 2, builtin_options 4,
 * custom_options 5; Tensor shape 0, type 1, buffer 2, name 3, quantization 4, sparsity 6,
 * shape_signature 7; Buffer data 0, offset 1, size 2 (weights kept after the FlatBuffer in models
 * over 2 GB).
 */
public final class TfliteGraph {

    static final int MAX_TENSORS = 1_000_000;
    static final int MAX_OPERATORS = 1_000_000;

    private final Path file;
    private final List<TfliteGraphTensor> tensors;
    private final List<TfliteOperator> operators;
    private final int[] inputs;
    private final int[] outputs;

    private TfliteGraph(Path file, List<TfliteGraphTensor> tensors, List<TfliteOperator> operators, int[] inputs, int[] outputs) {
        this.file = file;
        this.tensors = tensors;
        this.operators = operators;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public static TfliteGraph read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(channel.size(), Integer.MAX_VALUE));
            FlatBuffer buffer = FlatBuffer.of(file, bytes);
            if (buffer.size() < 8 || !buffer.identifier().equals(TfliteInspector.IDENTIFIER)) {
                throw new InvalidInputException(Place.of(file), "no \"TFL3\" identifier: not a TFLite model");
            }
            return read(file, buffer, bytes);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private static TfliteGraph read(Path file, FlatBuffer buffer, ByteBuffer whole) {
        FlatTable model = buffer.root();
        FlatVector codes = model.vector(1, 4, "Model.operator_codes");
        FlatVector subgraphs = model.vector(2, 4, "Model.subgraphs");
        FlatVector buffers = model.vector(4, 4, "Model.buffers");
        if (subgraphs.length() == 0) {
            throw new InvalidInputException(Place.in(file, "Model.subgraphs"), "a TFLite model without subgraphs");
        }
        FlatTable subgraph = subgraphs.table(0);
        FlatVector tensorTables = subgraph.vector(0, 4, "SubGraph.tensors", MAX_TENSORS);
        List<TfliteGraphTensor> tensors = new ArrayList<>();
        for (int i = 0; i < tensorTables.length(); i++) {
            tensors.add(tensor(file, i, tensorTables.table(i), buffers, whole));
        }
        FlatVector operatorTables = subgraph.vector(3, 4, "SubGraph.operators", MAX_OPERATORS);
        List<TfliteOperator> operators = new ArrayList<>();
        for (int i = 0; i < operatorTables.length(); i++) {
            FlatTable operator = operatorTables.table(i);
            long code = operator.uint32(0, 0);
            if (code >= codes.length()) {
                throw new InvalidInputException(Place.in(file, "operator " + i), "opcode index " + code + " of "
                        + codes.length() + " operator codes");
            }
            FlatTable opcode = codes.table((int) code);
            int builtin = Math.max(Byte.toUnsignedInt(opcode.int8(0, (byte) 0)), opcode.int32(3, 0));
            String custom = opcode.string(1, 1 << 10).orElse("");
            FlatVector customOptions = operator.vector(5, 1, "Operator.custom_options", 1 << 20);
            byte[] options = new byte[customOptions.length()];
            customOptions.bytes().get(options);
            operators.add(new TfliteOperator(i, builtin, custom, indexes(file, operator.vector(1, 4, "Operator.inputs", 1 << 16),
                    tensors.size(), "operator " + i), indexes(file, operator.vector(2, 4, "Operator.outputs", 1 << 16),
                    tensors.size(), "operator " + i), operator.table(4, "Operator.builtin_options"), options));
        }
        return new TfliteGraph(file, List.copyOf(tensors), List.copyOf(operators),
                indexes(file, subgraph.vector(1, 4, "SubGraph.inputs"), tensors.size(), "the subgraph's inputs"),
                indexes(file, subgraph.vector(2, 4, "SubGraph.outputs"), tensors.size(), "the subgraph's outputs"));
    }

    private static int[] indexes(Path file, FlatVector vector, int tensors, String what) {
        int[] result = new int[vector.length()];
        for (int i = 0; i < result.length; i++) {
            result[i] = vector.int32(i);
            if (result[i] < -1 || result[i] >= tensors) {
                throw new InvalidInputException(Place.in(file, what), "tensor index " + result[i] + " of " + tensors + " tensors");
            }
        }
        return result;
    }

    private static TfliteGraphTensor tensor(Path file, int index, FlatTable table, FlatVector buffers, ByteBuffer whole) {
        FlatVector signature = table.vector(7, 4, "Tensor.shape_signature", 16);
        FlatVector dims = table.vector(0, 4, "Tensor.shape", 16);
        int[] shape = new int[dims.length()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = signature.length() == shape.length && signature.int32(i) < 0 ? -1 : dims.int32(i);
        }
        String name = table.string(3, 1 << 16).orElse("tensor " + index);
        long bufferIndex = table.uint32(2, 0);
        Optional<ByteBuffer> data = Optional.empty();
        if (bufferIndex > 0 && bufferIndex < buffers.length()) {
            FlatTable bufferTable = buffers.table((int) bufferIndex);
            FlatVector bytes = bufferTable.vector(0, 1, "Buffer.data");
            long offset = bufferTable.int64(1, 0);
            long size = bufferTable.int64(2, 0);
            if (bytes.length() > 0) {
                data = Optional.of(bytes.bytes());
            } else if (offset > 1) {
                if (offset + size > whole.limit()) {
                    throw new UnsupportedInputException(Place.in(file, "tensor " + name), "its weights lie beyond the "
                            + "first 2 GB of the file, which ecdkit does not read");
                }
                data = Optional.of(whole.slice((int) offset, (int) size).order(java.nio.ByteOrder.LITTLE_ENDIAN));
            }
        }
        Optional<TfliteQuantization> quantization = table.table(4, "Tensor.quantization").flatMap(TfliteGraph::quantization);
        return new TfliteGraphTensor(index, name, Byte.toUnsignedInt(table.int8(1, (byte) 0)), shape, data, quantization,
                table.table(6, "Tensor.sparsity"));
    }

    private static Optional<TfliteQuantization> quantization(FlatTable parameters) {
        FlatVector scale = parameters.vector(2, 4, "QuantizationParameters.scale", 1 << 20);
        if (scale.length() == 0) {
            return Optional.empty();
        }
        FlatVector zeroPoint = parameters.vector(3, 8, "QuantizationParameters.zero_point", 1 << 20);
        float[] scales = new float[scale.length()];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = Float.intBitsToFloat(scale.int32(i));
        }
        long[] zeros = new long[zeroPoint.length()];
        for (int i = 0; i < zeros.length; i++) {
            zeros[i] = zeroPoint.int64(i);
        }
        return Optional.of(new TfliteQuantization(scales, zeros, parameters.int32(6, 0)));
    }

    public Path file() {
        return file;
    }

    public List<TfliteGraphTensor> tensors() {
        return tensors;
    }

    public TfliteGraphTensor tensor(int index) {
        return tensors.get(index);
    }

    public List<TfliteOperator> operators() {
        return operators;
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public int[] outputs() {
        return outputs.clone();
    }
}
