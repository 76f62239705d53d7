package org.ecdkit.core.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * A model file format ecdkit can inspect. Several formats can belong to one {@link Framework}
 * (a TensorFlow SavedModel and a frozen graph are both TensorFlow).
 */
public enum ModelFormat {
    ONNX("onnx", "ONNX model", Framework.ONNX),
    TENSORFLOW_SAVED_MODEL("tensorflow-savedmodel", "TensorFlow SavedModel", Framework.TENSORFLOW),
    TENSORFLOW_GRAPH_DEF("tensorflow-graphdef", "TensorFlow frozen graph (GraphDef)", Framework.TENSORFLOW),
    CNTK_V2("cntk-v2", "CNTK v2 model", Framework.CNTK),
    KERAS_HDF5("keras-hdf5", "Keras HDF5 model", Framework.KERAS),
    KERAS_V3("keras-v3", "Keras 3 archive", Framework.KERAS),
    TFLITE("tflite", "TFLite FlatBuffer", Framework.TFLITE),
    TORCHSCRIPT("torchscript", "PyTorch TorchScript archive", Framework.PYTORCH);

    private final String id;
    private final String description;
    private final Framework framework;

    ModelFormat(String id, String description, Framework framework) {
        this.id = id;
        this.description = description;
        this.framework = framework;
    }

    /** A stable lower-case identifier, written into definitions ("tensorflow-savedmodel"). */
    public String id() {
        return id;
    }

    /** How the format reads in sentences ("TensorFlow SavedModel"). */
    public String description() {
        return description;
    }

    /** The description with its article, for sentences ("an ONNX model", "a TFLite FlatBuffer"). */
    public String withArticle() {
        return ("AEIOU".indexOf(description.charAt(0)) >= 0 ? "an " : "a ") + description;
    }

    public Framework framework() {
        return framework;
    }

    public static Optional<ModelFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return description;
    }
}
