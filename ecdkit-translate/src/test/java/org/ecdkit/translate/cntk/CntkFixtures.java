package org.ecdkit.translate.cntk;

import com.google.protobuf.ByteString;
import com.microsoft.CNTK.DeviceDescriptor;
import com.microsoft.CNTK.FloatVector;
import com.microsoft.CNTK.FloatVectorVector;
import com.microsoft.CNTK.Function;
import com.microsoft.CNTK.UnorderedMapVariableValuePtr;
import com.microsoft.CNTK.Value;
import com.microsoft.CNTK.Variable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.ecdkit.runtime.Tensor;
import org.ecdkit.translate.onnx.proto.Onnx.AttributeProto;
import org.ecdkit.translate.onnx.proto.Onnx.GraphProto;
import org.ecdkit.translate.onnx.proto.Onnx.ModelProto;
import org.ecdkit.translate.onnx.proto.Onnx.NodeProto;
import org.ecdkit.translate.onnx.proto.Onnx.OperatorSetIdProto;
import org.ecdkit.translate.onnx.proto.Onnx.TensorProto;
import org.ecdkit.translate.onnx.proto.Onnx.TensorShapeProto;
import org.ecdkit.translate.onnx.proto.Onnx.TypeProto;
import org.ecdkit.translate.onnx.proto.Onnx.ValueInfoProto;

/**
 * CNTK v2 models written by CNTK 2.4 itself: an ONNX opset-7 graph (the ONNX CNTK 2.4 reads, with
 * explicit strides and pads, as its importer needs) with seeded weights is imported by CNTK's ONNX
 * importer and saved as a .model; CNTK then evaluates the saved model on a fixed input, the
 * reference ecdkit's translation must reproduce.
 */
final class CntkFixtures {

    /** A model CNTK wrote, the sample it was fed ([C, H, W]) and what CNTK computed, one sample too. */
    record Made(Path model, Tensor input, Tensor output) {
    }

    /** An ONNX graph being written for CNTK's importer. */
    static final class Graph {
        private final GraphProto.Builder graph = GraphProto.newBuilder().setName("fixture");
        private final Random random;
        private String firstInput;

        Graph(long seed) {
            this.random = new Random(seed);
        }

        Graph input(String name, long... dims) {
            if (firstInput == null) {
                firstInput = name;
            }
            graph.addInput(info(name, dims));
            return this;
        }

        Graph weight(String name, long... dims) {
            return initializer(name, dims, () -> random.nextGaussian() * 0.4);
        }

        /** A weight of positive values (a variance). */
        Graph positive(String name, long... dims) {
            return initializer(name, dims, () -> 0.5 + random.nextDouble() * 1.5);
        }

        /** An initializer, also listed as a graph input, as IR version 3 (what CNTK 2.4 reads) requires. */
        private Graph initializer(String name, long[] dims, java.util.function.DoubleSupplier values) {
            long count = 1;
            for (long dim : dims) {
                count *= dim;
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                bytes.putFloat((float) values.getAsDouble());
            }
            TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(1)
                    .setRawData(ByteString.copyFrom(bytes.array()));
            for (long dim : dims) {
                tensor.addDims(dim);
            }
            graph.addInitializer(tensor);
            graph.addInput(info(name, dims));
            return this;
        }

        Graph node(String op, String[] inputs, String output, AttributeProto... attributes) {
            NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).addOutput(output).setName(output);
            for (String input : inputs) {
                node.addInput(input);
            }
            for (AttributeProto attribute : attributes) {
                node.addAttribute(attribute);
            }
            graph.addNode(node);
            return this;
        }

        Graph output(String name, long... dims) {
            graph.addOutput(info(name, dims));
            return this;
        }

        String firstInput() {
            return firstInput;
        }

        byte[] bytes() {
            return ModelProto.newBuilder().setIrVersion(3).setProducerName("ecdkit-test").setGraph(graph)
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(7)).build().toByteArray();
        }

        private static ValueInfoProto info(String name, long... dims) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (long dim : dims) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
            }
            return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
        }
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private CntkFixtures() {
    }

    /** Imports {@code graph} with CNTK and saves it as {@code NAME.model}, beside the ONNX graph it came from ({@code NAME.onnx}). */
    static Path importOnly(Graph graph, String name, Path folder) throws IOException {
        Path onnx = Files.write(folder.resolve(name + ".onnx"), graph.bytes());
        Path model = folder.resolve(name + ".model");
        Function.load(onnx.toString(), DeviceDescriptor.getCPUDevice(), com.microsoft.CNTK.ModelFormat.ONNX).save(model.toString());
        return model;
    }

    /** Imports {@code graph} with CNTK, saves it as {@code NAME.model} in {@code folder}, and evaluates it on an input of {@code shape}. */
    static Made make(Graph graph, String name, Path folder, long... shape) throws IOException {
        Path onnx = Files.write(folder.resolve(name + ".onnx"), graph.bytes());
        Path model = folder.resolve(name + ".model");
        DeviceDescriptor cpu = DeviceDescriptor.getCPUDevice();
        Function.load(onnx.toString(), cpu, com.microsoft.CNTK.ModelFormat.ONNX).save(model.toString());
        Function saved = Function.load(model.toString(), cpu);
        // CNTK's importer makes one Input per consumer of a graph input, all named alike: each is fed the same values.
        java.util.List<Variable> fed = saved.getArguments().stream().filter(a -> a.getName().equals(graph.firstInput())).toList();
        Variable argument = fed.get(0);
        Tensor input = Tensor.heap(java.util.Arrays.copyOfRange(shape, 1, shape.length)); // one sample, no batch axis
        FloatVector values = new FloatVector();
        for (int i = 0; i < input.size(); i++) {
            float value = (float) (Math.sin(i * 0.37) * 0.8 + Math.cos(i * 0.11) * 0.3);
            input.data().put(i, value);
            values.add(value);
        }
        FloatVectorVector batch = new FloatVectorVector();
        batch.add(values);
        UnorderedMapVariableValuePtr arguments = new UnorderedMapVariableValuePtr();
        for (Variable each : fed) {
            arguments.setitem(each, Value.createDenseFloat(argument.getShape(), batch, cpu));
        }
        Variable result = saved.getOutput();
        UnorderedMapVariableValuePtr outputs = new UnorderedMapVariableValuePtr();
        outputs.setitem(result, null);
        saved.evaluate(arguments, outputs, cpu);
        FloatVectorVector computed = new FloatVectorVector();
        outputs.getitem(result).copyVariableValueToFloat(result, computed);
        FloatVector first = computed.get(0);
        long[] dims = result.getShape().getDimensions();
        long[] outShape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            outShape[i] = dims[dims.length - 1 - i]; // CNTK's shape reversed: Python's, which is ONNX's
        }
        Tensor output = Tensor.heap(outShape);
        for (int i = 0; i < output.size(); i++) {
            output.data().put(i, first.get(i));
        }
        return new Made(model, input, output);
    }
}
