package org.ecdkit.core.model;

/** Where a tensor's shape and type came from. */
public enum ShapeSource {
    /** Read from the model file. */
    READ,
    /** Not recorded in the model (TorchScript); taken from the class-info file and not verified. */
    DECLARED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
