package org.ecdkit.runtime;

/** Where a runner computes. The CPU is the default and what CI tests; a GPU is used only when asked for. */
public enum Device {
    CPU,
    /** An NVIDIA GPU through the runtime's CUDA provider, when the runtime has one. */
    CUDA;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
