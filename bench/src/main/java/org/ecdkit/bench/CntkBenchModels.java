package org.ecdkit.bench;

import com.google.protobuf.ByteString;
import com.microsoft.CNTK.DeviceDescriptor;
import com.microsoft.CNTK.Function;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
 * The benchmarks' models as CNTK v2 files written by CNTK 2.4 itself: an ONNX opset-7 graph imported
 * by CNTK's importer and saved. CNTK fixes the input size: {@code fcn3.model} takes 512 x 512 tiles
 * ({@link BenchScenes#smallFcn} with the same weights), {@code large.model} 1024 channels of 8 x 8
 * (five 3x3 convolutions of 1024 filters, 188 MB, seeded), for translation times.
 */
final class CntkBenchModels {

    private CntkBenchModels() {
    }

    static Path write(Path folder, int bands) throws IOException {
        Path large = folder.resolve("large.model");
        if (Files.exists(large)) {
            return folder;
        }
        Files.createDirectories(folder);
        float[][][][] w = BenchScenes.fcnWeights(bands);
        GraphProto.Builder fcn = GraphProto.newBuilder().setName("fcn3").addInput(info("image", 1, bands, 512, 512));
        String previous = "image";
        int[] kernels = {3, 3, 1};
        for (int layer = 0; layer < 3; layer++) {
            int out = w[layer].length;
            int in = w[layer][0].length;
            ByteBuffer bytes = ByteBuffer.allocate(4 * out * in * kernels[layer] * kernels[layer]).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] o : w[layer]) {
                for (float[] i : o) {
                    for (float value : i) {
                        bytes.putFloat(value);
                    }
                }
            }
            String name = "w" + layer;
            weight(fcn, name, bytes.array(), out, in, kernels[layer], kernels[layer]);
            long pad = kernels[layer] / 2;
            String conv = layer == 2 ? "scores" : "conv" + layer;
            fcn.addNode(conv(previous, name, conv, kernels[layer], pad));
            previous = conv;
            if (layer < 2) {
                fcn.addNode(NodeProto.newBuilder().setOpType("Relu").addInput(conv).addOutput("relu" + layer));
                previous = "relu" + layer;
            }
        }
        fcn.addOutput(info("scores", 1, 5, 512, 512));
        save(folder, "fcn3", fcn);
        GraphProto.Builder big = GraphProto.newBuilder().setName("large").addInput(info("features", 1, 1024, 8, 8));
        Random random = new Random(3);
        previous = "features";
        for (int layer = 0; layer < 5; layer++) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * 1024 * 1024 * 9).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                bytes.putFloat((float) (random.nextGaussian() * 0.02));
            }
            weight(big, "w" + layer, bytes.array(), 1024, 1024, 3, 3);
            big.addNode(conv(previous, "w" + layer, "conv" + layer, 3, 1));
            big.addNode(NodeProto.newBuilder().setOpType("Relu").addInput("conv" + layer).addOutput("relu" + layer));
            previous = "relu" + layer;
        }
        big.addOutput(info(previous, 1, 1024, 8, 8));
        save(folder, "large", big);
        return folder;
    }

    private static NodeProto conv(String input, String weights, String output, long kernel, long pad) {
        return NodeProto.newBuilder().setOpType("Conv").addInput(input).addInput(weights).addOutput(output)
                .addAttribute(ints("kernel_shape", kernel, kernel)).addAttribute(ints("strides", 1, 1))
                .addAttribute(ints("pads", pad, pad, pad, pad)).build();
    }

    private static void save(Path folder, String name, GraphProto.Builder graph) throws IOException {
        Path onnx = Files.write(folder.resolve(name + "-for-cntk.onnx"), ModelProto.newBuilder().setIrVersion(3).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(7)).build().toByteArray());
        Function.load(onnx.toString(), DeviceDescriptor.getCPUDevice(), com.microsoft.CNTK.ModelFormat.ONNX)
                .save(folder.resolve(name + ".model").toString());
        Files.delete(onnx);
    }

    private static void weight(GraphProto.Builder graph, String name, byte[] values, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(1).setRawData(ByteString.copyFrom(values));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        graph.addInput(info(name, dims));
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
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
