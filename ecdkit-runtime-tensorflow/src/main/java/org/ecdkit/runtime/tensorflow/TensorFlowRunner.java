package org.ecdkit.runtime.tensorflow;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.NativeMessage;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;
import org.ecdkit.runtime.UnsignedBytes;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * A TensorFlow session for one model: a SavedModel is called through its signature (inputs and
 * outputs by signature key), a frozen graph through its nodes (by name, or "name:index"). Inputs
 * are copied once into TensorFlow's own tensor, as floats or, for a uint8 input, as bytes; integer
 * outputs are returned as floats.
 */
final class TensorFlowRunner implements ModelRunner {

    private static final String SERVE = "serve";
    private static final String DEFAULT_SIGNATURE = "serving_default";
    private static final long MAX_GRAPH_BYTES = 2L << 30;

    private final RunnableModel model;
    private final RunnerDescription description;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final Graph graph;
    private final Session session;
    private boolean closed;

    private TensorFlowRunner(RunnableModel model, RunnerDescription description, SavedModelBundle bundle,
            SessionFunction function, Graph graph, Session session) {
        this.model = model;
        this.description = description;
        this.bundle = bundle;
        this.function = function;
        this.graph = graph;
        this.session = session;
    }

    static TensorFlowRunner open(RunnableModel model, RunnerOptions options) {
        options.requireCpu(model, "TensorFlow's Java build");
        ConfigProto.Builder config = ConfigProto.newBuilder();
        if (options.threads() > 0) {
            config.setIntraOpParallelismThreads(options.threads()).setInterOpParallelismThreads(1);
        }
        RunnerDescription description = new RunnerDescription("TensorFlow " + TensorFlow.version(), Device.CPU,
                options.threads());
        try {
            if (model.format() == ModelFormat.TENSORFLOW_SAVED_MODEL) {
                Path folder = Files.isDirectory(model.path()) ? model.path() : model.path().toAbsolutePath().getParent();
                SavedModelBundle bundle = SavedModelBundle.loader(folder.toString()).withTags(SERVE)
                        .withConfigProto(config.build()).load();
                try {
                    String key = model.signature().isEmpty() ? DEFAULT_SIGNATURE : model.signature();
                    SessionFunction function = bundle.function(key);
                    checkSignatureNames(model, function);
                    return new TensorFlowRunner(model, description, bundle, function, null, null);
                } catch (RuntimeException e) {
                    bundle.close();
                    throw e;
                }
            }
            Graph graph = new Graph();
            try {
                graph.importGraphDef(GraphDef.parseFrom(readGraph(model.path())));
                checkNodeNames(model, graph);
                Session session = new Session(graph, config.build());
                return new TensorFlowRunner(model, description, null, null, graph, session);
            } catch (RuntimeException | IOException e) {
                graph.close();
                throw e;
            }
        } catch (TensorFlowException | IllegalArgumentException | com.google.protobuf.InvalidProtocolBufferException e) {
            throw new InvalidInputException(Place.of(model.path()), "TensorFlow cannot load the model: " + NativeMessage.oneLine(e));
        } catch (IOException e) {
            throw StorageException.of("read", model.path(), e);
        }
    }

    private static byte[] readGraph(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_GRAPH_BYTES) {
            throw new UnsupportedInputException(Place.of(file), "a frozen graph of " + size + " bytes; TensorFlow reads "
                    + "GraphDefs of at most 2 GiB (protobuf's limit): export a SavedModel instead");
        }
        return Files.readAllBytes(file);
    }

    private static void checkSignatureNames(RunnableModel model, SessionFunction function) {
        var signature = function.signature();
        if (!signature.inputNames().contains(model.input())) {
            throw new InvalidInputException(Place.of(model.path()), "signature \"" + signature.key() + "\" has no input \""
                    + model.input() + "\" (inputs: " + signature.inputNames() + ")");
        }
        for (String output : model.outputs()) {
            if (!signature.outputNames().contains(output)) {
                throw new InvalidInputException(Place.of(model.path()), "signature \"" + signature.key()
                        + "\" has no output \"" + output + "\" (outputs: " + signature.outputNames() + ")");
            }
        }
    }

    private static void checkNodeNames(RunnableModel model, Graph graph) {
        List<String> names = new ArrayList<>(List.of(model.input()));
        names.addAll(model.outputs());
        for (String name : names) {
            String node = name.contains(":") ? name.substring(0, name.lastIndexOf(':')) : name;
            if (graph.operation(node) == null) {
                throw new InvalidInputException(Place.of(model.path()), "the graph has no node \"" + node + "\"");
            }
        }
    }

    @Override
    public RunnerDescription description() {
        return description;
    }

    @Override
    public List<Tensor> runAll(Tensor input) {
        if (closed) {
            throw new IllegalStateException("this runner was closed");
        }
        try (org.tensorflow.Tensor tensor = inputTensor(input)) {
            List<Tensor> outputs = new ArrayList<>();
            if (function != null) {
                try (Result result = function.call(Map.of(model.input(), tensor))) {
                    for (String name : model.outputs()) {
                        outputs.add(floats(result.get(name).orElseThrow()));
                    }
                }
            } else {
                Session.Runner runner = session.runner().feed(model.input(), tensor);
                model.outputs().forEach(runner::fetch);
                try (Result result = runner.run()) {
                    for (int i = 0; i < model.outputs().size(); i++) {
                        outputs.add(floats(result.get(i)));
                    }
                }
            }
            return outputs;
        } catch (TensorFlowException | IllegalArgumentException e) {
            throw new RuntimeFailureException(Place.of(model.path()), "TensorFlow failed on a batch of shape "
                    + java.util.Arrays.toString(input.shape()) + ": " + NativeMessage.oneLine(e), e);
        }
    }

    /** The batch as the model's input type: float, or uint8 (the Object Detection API's {@code input_tensor}). */
    private org.tensorflow.Tensor inputTensor(Tensor input) {
        Shape shape = Shape.of(input.shape());
        if (inputType() == DataType.DT_UINT8) {
            java.nio.ByteBuffer bytes = UnsignedBytes.of(input);
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            return TUint8.tensorOf(shape, values -> values.asRawTensor().data().write(array));
        }
        FloatBuffer data = input.data().duplicate().rewind().limit(input.size());
        return TFloat32.tensorOf(shape, values -> {
            float[] chunk = new float[Math.min(data.remaining(), 1 << 16)];
            long at = 0;
            while (data.hasRemaining()) {
                int n = Math.min(chunk.length, data.remaining());
                data.get(chunk, 0, n);
                values.asRawTensor().data().asFloats().offset(at).write(chunk, 0, n);
                at += n;
            }
        });
    }

    /** The image input's element type, as the signature or the graph declares it. */
    private DataType inputType() {
        if (function != null) {
            return function.signature().getInputs().get(model.input()).dataType;
        }
        String name = model.input();
        int colon = name.lastIndexOf(':');
        String node = colon < 0 ? name : name.substring(0, colon);
        int index = colon < 0 ? 0 : Integer.parseInt(name.substring(colon + 1));
        return graph.operation(node).output(index).dataType();
    }

    /** A TensorFlow tensor's values as floats, on the heap. */
    private Tensor floats(org.tensorflow.Tensor value) {
        long[] shape = value.shape().asArray();
        Tensor result = Tensor.heap(shape);
        float[] target = result.data().array();
        if (value instanceof TFloat32 f) {
            f.asRawTensor().data().asFloats().read(target);
        } else if (value instanceof TInt64 l) {
            long[] values = new long[target.length];
            l.asRawTensor().data().asLongs().read(values);
            for (int i = 0; i < values.length; i++) {
                target[i] = values[i];
            }
        } else if (value instanceof TInt32 n) {
            int[] values = new int[target.length];
            n.asRawTensor().data().asInts().read(values);
            for (int i = 0; i < values.length; i++) {
                target[i] = values[i];
            }
        } else if (value instanceof TFloat64 d) {
            double[] values = new double[target.length];
            d.asRawTensor().data().asDoubles().read(values);
            for (int i = 0; i < values.length; i++) {
                target[i] = (float) values[i];
            }
        } else if (value instanceof TUint8 u) {
            byte[] values = new byte[target.length];
            u.asRawTensor().data().read(values);
            for (int i = 0; i < values.length; i++) {
                target[i] = values[i] & 0xFF;
            }
        } else {
            throw new UnsupportedInputException(Place.of(model.path()), "an output of type " + value.dataType()
                    + ", which ecdkit does not read");
        }
        return result;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bundle != null) {
            bundle.close();
        }
        if (session != null) {
            session.close();
        }
        if (graph != null) {
            graph.close();
        }
    }
}
