package org.ecdkit.runtime;

/**
 * How a runner is set up.
 *
 * @param threads    threads the runtime may use inside one run call (0: the runtime decides)
 * @param device     where to compute
 * @param deviceId   which GPU, for {@link Device#CUDA}
 */
public record RunnerOptions(int threads, Device device, int deviceId) {

    public static final RunnerOptions CPU = new RunnerOptions(0, Device.CPU, 0);

    public RunnerOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads cannot be negative: " + threads);
        }
    }
}
