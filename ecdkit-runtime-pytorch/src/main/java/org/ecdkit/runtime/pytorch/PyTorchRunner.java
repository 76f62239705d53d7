package org.ecdkit.runtime.pytorch;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.NativeMessage;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;

/**
 * A TorchScript module on libtorch through DJL: the batch goes in as one float tensor, {@code forward}
 * runs without gradients, and the outputs come back as floats (integer outputs, class indexes,
 * converted). A module that returns a tuple or a list gives its tensors in order; the definition's
 * output names the first (TorchScript's outputs have no names).
 */
final class PyTorchRunner implements ModelRunner {

    private final RunnableModel model;
    private final Model module;
    private final RunnerDescription description;
    private boolean closed;

    private PyTorchRunner(RunnableModel model, Model module, RunnerDescription description) {
        this.model = model;
        this.module = module;
        this.description = description;
    }

    static PyTorchRunner open(RunnableModel model, RunnerOptions options) {
        options.requireCpu(model, "libtorch's build");
        OfflineEngine.prepare(options.threads());
        Engine engine = Engine.getEngine("PyTorch");
        Model module = Model.newInstance(model.path().getFileName().toString(), ai.djl.Device.cpu(), "PyTorch");
        try {
            module.load(model.path());
        } catch (IOException | MalformedModelException | EngineException e) {
            module.close();
            throw new InvalidInputException(Place.of(model.path()), "libtorch cannot load the TorchScript archive: "
                    + NativeMessage.oneLine(e));
        }
        return new PyTorchRunner(model, module, new RunnerDescription("PyTorch " + engine.getVersion() + " (DJL "
                + Engine.getDjlVersion() + ")", Device.CPU, options.threads()));
    }

    @Override
    public RunnerDescription description() {
        return description;
    }

    @Override
    public List<Tensor> runAll(Tensor input) {
        if (closed) {
            throw new IllegalStateException("the runner is closed");
        }
        try (NDManager manager = module.getNDManager().newSubManager()) {
            FloatBuffer data = input.data().duplicate().rewind().limit((int) Tensor.count(input.shape()));
            NDArray batch = manager.create(data, new Shape(input.shape()));
            NDList outputs = module.getBlock().forward(new ParameterStore(manager, false), new NDList(batch), false);
            List<Tensor> results = new ArrayList<>();
            for (int i = 0; i < Math.max(1, model.outputs().size()) && i < outputs.size(); i++) {
                NDArray output = outputs.get(i);
                NDArray floats = output.getDataType() == DataType.FLOAT32 ? output : output.toType(DataType.FLOAT32, false);
                long[] shape = floats.getShape().getShape();
                Tensor result = Tensor.heap(shape);
                result.data().put(floats.toFloatArray()).rewind();
                results.add(result);
            }
            return results;
        } catch (EngineException e) {
            throw new RuntimeFailureException(Place.of(model.path()), "PyTorch failed on a batch of shape "
                    + java.util.Arrays.toString(input.shape()) + ": " + NativeMessage.oneLine(e), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            module.close();
        }
    }
}
