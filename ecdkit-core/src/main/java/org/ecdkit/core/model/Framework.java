package org.ecdkit.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The framework that produced a model, as the class-info file's {@code Classifier} and the
 * definition's {@code Classifier} name it. Parsing is case-insensitive; writing is canonical.
 */
public enum Framework {
    CNTK("CNTK"),
    TENSORFLOW("TensorFlow"),
    ONNX("ONNX"),
    KERAS("Keras"),
    PYTORCH("PyTorch"),
    TFLITE("TFLite");

    private final String canonicalName;

    Framework(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    /** The name as written in class-info files and definitions ("TensorFlow"). */
    public String canonicalName() {
        return canonicalName;
    }

    public static Optional<Framework> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.canonicalName.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** "CNTK, TensorFlow, ONNX, Keras, PyTorch, TFLite", for error messages. */
    public static String knownNames() {
        return Arrays.stream(values()).map(Framework::canonicalName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return canonicalName;
    }
}
