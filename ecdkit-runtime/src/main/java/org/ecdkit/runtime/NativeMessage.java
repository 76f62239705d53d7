package org.ecdkit.runtime;

/**
 * A runtime's own error message as one line: native runtimes (ONNX Runtime, TensorFlow) report
 * multi-line messages, and ecdkit's errors are one line on stderr.
 */
public final class NativeMessage {

    private NativeMessage() {
    }

    /** The message of {@code failure} with its line breaks and runs of spaces folded into single spaces. */
    public static String oneLine(Exception failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
