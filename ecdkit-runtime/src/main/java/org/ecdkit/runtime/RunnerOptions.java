package org.ecdkit.runtime;

/**
 * How a runner is set up.
 *
 * @param threads    threads the runtime may use inside one run call (0: the runtime decides)
 * @param device     where to compute
 * @param deviceId   which GPU, for {@link Device#CUDA}
 * @param spinWait   whether the runtime's threads may spin (busy-wait) between the parallel parts of
 *                   a call and between calls: fastest when the model has the machine to itself, a
 *                   waste of the cores other work needs between calls otherwise
 */
public record RunnerOptions(int threads, Device device, int deviceId, boolean spinWait) {

    public static final RunnerOptions CPU = new RunnerOptions(0, Device.CPU, 0);

    public RunnerOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads cannot be negative: " + threads);
        }
    }

    /** Options with the runtime's own spinning default (on). */
    public RunnerOptions(int threads, Device device, int deviceId) {
        this(threads, device, deviceId, true);
    }

    /**
     * Refuses a device other than the CPU for a runtime ecdkit has only a CPU build of, naming it
     * ({@code "TensorFlow's Java build"}) and what to do instead.
     */
    public void requireCpu(RunnableModel model, String runtime) {
        if (device != Device.CPU) {
            throw new org.ecdkit.core.error.UnsupportedInputException(org.ecdkit.core.error.Place.of(model.path()), runtime
                    + " in ecdkit runs on the CPU only; use --device cpu, or convert the model to ONNX for ONNX Runtime's "
                    + device.label().toUpperCase(java.util.Locale.ROOT) + " provider");
        }
    }
}
