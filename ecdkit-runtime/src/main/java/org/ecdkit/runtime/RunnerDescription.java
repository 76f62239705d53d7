package org.ecdkit.runtime;

/**
 * What a runner is, for plans and summaries: "ONNX Runtime 1.29.0 on cpu, 2 threads".
 *
 * @param runtime  the runtime's name and version
 * @param device   where it computes
 * @param threads  threads per run call, 0 when the runtime chose
 */
public record RunnerDescription(String runtime, Device device, int threads) {

    @Override
    public String toString() {
        return runtime + " on " + device.label() + (threads > 0 ? ", " + threads + (threads == 1 ? " thread" : " threads") : "");
    }
}
