package org.ecdkit.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.NativeMessage;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;
import org.ecdkit.runtime.UnsignedBytes;

/**
 * An ONNX Runtime session for one model. Input tensors are passed without copying (direct,
 * native-order buffers), or as bytes to a uint8 input; integer outputs (class indexes) are returned
 * as floats.
 */
final class OnnxRuntimeRunner implements ModelRunner {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final RunnableModel model;
    private final RunnerDescription description;
    private final boolean floatOutputs;
    /** Whether the image input is uint8 (fed rounded and held to 0..255), else float. */
    private final boolean byteInput;
    /** Outputs ONNX Runtime writes into, one per output name, kept while batches keep their shape. */
    private final Map<String, Pinned> pinned = new java.util.HashMap<>();
    private boolean closed;

    /** A direct buffer and the tensor over it that ONNX Runtime fills in place. */
    private record Pinned(OnnxTensor tensor, FloatBuffer buffer, long[] shape) {
    }

    private OnnxRuntimeRunner(OrtEnvironment environment, OrtSession session, RunnableModel model,
            RunnerDescription description) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.model = model;
        this.description = description;
        boolean floats = true;
        for (String output : model.outputs()) {
            floats &= session.getOutputInfo().get(output).getInfo() instanceof TensorInfo info && info.type == OnnxJavaType.FLOAT;
        }
        this.floatOutputs = floats;
        this.byteInput = session.getInputInfo().get(model.input()).getInfo() instanceof TensorInfo info
                && info.type == OnnxJavaType.UINT8;
    }

    /** The batch as the model's input type: floats without a copy, or bytes. */
    private OnnxTensor inputTensor(Tensor input) throws OrtException {
        if (byteInput) {
            return OnnxTensor.createTensor(environment, UnsignedBytes.of(input), input.shape(), OnnxJavaType.UINT8);
        }
        FloatBuffer data = input.data().duplicate().rewind().limit(input.size());
        return OnnxTensor.createTensor(environment, data, input.shape());
    }

    static OnnxRuntimeRunner open(RunnableModel model, RunnerOptions options) {
        // ONNX Runtime prints its own errors to stderr, in colour, before it throws them; at FATAL it keeps
        // them to the exception, which ecdkit reports as one line.
        NativeLibraryFolder.prepare();
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "ecdkit");
        try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
            settings.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            settings.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            settings.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            if (options.threads() > 0) {
                settings.setIntraOpNumThreads(options.threads());
                settings.setInterOpNumThreads(1);
            }
            settings.addConfigEntry("session.intra_op.allow_spinning", options.spinWait() ? "1" : "0");
            if (options.device() == Device.CUDA) {
                addCuda(model, settings, options.deviceId());
            }
            OrtSession session = environment.createSession(model.path().toString(), settings);
            checkNames(model, session);
            RunnerDescription description = new RunnerDescription("ONNX Runtime " + environment.getVersion(),
                    options.device(), options.threads());
            return new OnnxRuntimeRunner(environment, session, model, description);
        } catch (OrtException e) {
            throw new InvalidInputException(Place.of(model.path()), "ONNX Runtime cannot load the model: " + NativeMessage.oneLine(e));
        }
    }

    /**
     * The CUDA provider is compiled into the gpu build only, and even there it loads CUDA's own
     * libraries when first asked for: both failures are the machine's, and say what it lacks.
     */
    private static void addCuda(RunnableModel model, OrtSession.SessionOptions settings, int deviceId) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new UnsupportedInputException(Place.of(model.path()), "ONNX Runtime's CUDA provider is not "
                    + "in this build (it has " + OrtEnvironment.getAvailableProviders() + "); build ecdkit with "
                    + "'mvn -B -Pgpu -DskipTests package' for it, or use --device cpu");
        }
        try {
            settings.addCUDA(deviceId);
        } catch (OrtException e) {
            throw new UnsupportedInputException(Place.of(model.path()), "ONNX Runtime's CUDA provider cannot start on "
                    + "device " + deviceId + " (it needs an NVIDIA driver, CUDA 12 and cuDNN 9): " + NativeMessage.oneLine(e)
                    + "; use --device cpu");
        }
    }

    private static void checkNames(RunnableModel model, OrtSession session) throws OrtException {
        if (!session.getInputInfo().containsKey(model.input())) {
            throw new InvalidInputException(Place.of(model.path()), "the model has no input \"" + model.input()
                    + "\" (inputs: " + session.getInputInfo().keySet() + "); was it replaced since conversion?");
        }
        for (String output : model.outputs()) {
            if (!session.getOutputInfo().containsKey(output)) {
                throw new InvalidInputException(Place.of(model.path()), "the model has no output \"" + output
                        + "\" (outputs: " + session.getOutputInfo().keySet() + ")");
            }
        }
    }

    @Override
    public RunnerDescription description() {
        return description;
    }

    @Override
    public List<Tensor> runAll(Tensor input) {
        ensureOpen();
        try (OnnxTensor tensor = inputTensor(input);
                OrtSession.Result result = session.run(Map.of(model.input(), tensor), new LinkedHashSet<>(model.outputs()))) {
            List<Tensor> outputs = new ArrayList<>();
            for (String name : model.outputs()) {
                OnnxValue value = result.get(name).orElseThrow();
                if (!(value instanceof OnnxTensor output)) {
                    throw new InvalidInputException(Place.of(model.path()), "output \"" + name + "\" is not a tensor");
                }
                outputs.add(floats(output));
            }
            return outputs;
        } catch (OrtException e) {
            throw new RuntimeFailureException(Place.of(model.path()), "ONNX Runtime failed on a batch of shape "
                    + java.util.Arrays.toString(input.shape()) + ": " + NativeMessage.oneLine(e), e);
        }
    }

    /**
     * Writes the outputs into tensors ONNX Runtime fills in place (pinned outputs, kept from one
     * batch to the next), then copies them into the caller's: no allocation per batch.
     */
    @Override
    public List<Tensor> runAll(Tensor input, List<Tensor> into) {
        ensureOpen();
        if (!floatOutputs || into.size() != model.outputs().size()) {
            return runAll(input);
        }
        try (OnnxTensor tensor = inputTensor(input)) {
            Map<String, OnnxTensor> outputs = new java.util.LinkedHashMap<>();
            for (int i = 0; i < into.size(); i++) {
                outputs.put(model.outputs().get(i), pin(model.outputs().get(i), into.get(i).shape()).tensor());
            }
            try (OrtSession.Result result = session.run(Map.of(model.input(), tensor), java.util.Set.of(), outputs)) {
                for (int i = 0; i < into.size(); i++) {
                    FloatBuffer source = pinned.get(model.outputs().get(i)).buffer();
                    FloatBuffer target = into.get(i).data();
                    target.put(0, source, 0, into.get(i).size());
                }
                return into;
            }
        } catch (OrtException e) {
            throw new RuntimeFailureException(Place.of(model.path()), "ONNX Runtime failed on a batch of shape "
                    + java.util.Arrays.toString(input.shape()) + ": " + NativeMessage.oneLine(e), e);
        }
    }

    private Pinned pin(String output, long[] shape) throws OrtException {
        Pinned current = pinned.get(output);
        if (current != null && java.util.Arrays.equals(current.shape(), shape)) {
            return current;
        }
        if (current != null) {
            current.tensor().close();
        }
        long count = Tensor.count(shape);
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(java.nio.ByteOrder.nativeOrder())
                .asFloatBuffer();
        Pinned made = new Pinned(OnnxTensor.createTensor(environment, buffer, shape), buffer, shape.clone());
        pinned.put(output, made);
        return made;
    }

    private Tensor floats(OnnxTensor output) {
        TensorInfo info = output.getInfo();
        if (info.type == OnnxJavaType.FLOAT) {
            // ONNX Runtime copies its output into a new heap buffer: that copy is the result, not copied again.
            return new Tensor(info.getShape(), output.getFloatBuffer());
        }
        Tensor converted = Tensor.heap(info.getShape());
        copy(output, info.type, converted.data());
        return converted;
    }

    private void copy(OnnxTensor output, OnnxJavaType type, FloatBuffer target) {
        switch (type) {
            case INT64 -> {
                LongBuffer values = output.getLongBuffer();
                while (values.hasRemaining()) {
                    target.put(values.get());
                }
            }
            case INT32 -> {
                IntBuffer values = output.getIntBuffer();
                while (values.hasRemaining()) {
                    target.put(values.get());
                }
            }
            case UINT8, INT8 -> {
                ByteBuffer values = output.getByteBuffer();
                boolean unsigned = type == OnnxJavaType.UINT8;
                while (values.hasRemaining()) {
                    byte b = values.get();
                    target.put(unsigned ? b & 0xFF : b);
                }
            }
            case DOUBLE -> {
                java.nio.DoubleBuffer values = output.getDoubleBuffer();
                while (values.hasRemaining()) {
                    target.put((float) values.get());
                }
            }
            default -> throw new UnsupportedInputException(Place.of(model.path()), "an output of element type " + type
                    + ", which ecdkit does not read");
        }
        target.rewind();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this runner was closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pinned.values().forEach(p -> p.tensor().close());
        pinned.clear();
        try {
            session.close();
        } catch (OrtException ignored) {
            // The session's memory is released either way; nothing was being written.
        }
    }
}
