"""The model alone, from Python: ONNX Runtime's session.run on identical tensors, one call after
another, as ModelAloneBenchmark does from Java, to tell the runtime's version apart from the hand-over.

    python3 model_alone.py MODEL.onnx BATCH BANDS TILE THREADS CALLS [spinning=0|1]
"""
import sys
import time

import numpy as np
import onnxruntime as ort


def main():
    model, batch, bands, tile, threads, calls = sys.argv[1], *map(int, sys.argv[2:7])
    options = dict(a.split("=", 1) for a in sys.argv[7:])
    settings = ort.SessionOptions()
    settings.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    settings.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    settings.intra_op_num_threads = threads
    settings.inter_op_num_threads = 1
    settings.add_session_config_entry("session.intra_op.allow_spinning", options.get("spinning", "1"))
    if "profile" in options:
        settings.enable_profiling = True
        settings.profile_file_prefix = options["profile"]
    session = ort.InferenceSession(model, settings, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    data = np.random.default_rng(11).integers(0, 250, size=(batch, bands, tile, tile)).astype(np.float32)
    times = []
    warm_up = max(3, calls // 10)
    for call in range(warm_up + calls):
        t0 = time.perf_counter()
        session.run(None, {name: data})
        if call >= warm_up:
            times.append((time.perf_counter() - t0) * 1000)
    if "profile" in options:
        session.end_profiling()
    times.sort()
    print("ONNX Runtime %s (Python), %s, batch %d x %d x %d x %d, %d threads: median %.2f ms (p10 %.2f, p90 %.2f) over %d calls"
          % (ort.__version__, options, batch, bands, tile, tile, threads, times[len(times) // 2],
             times[len(times) // 10], times[len(times) * 9 // 10], calls))


if __name__ == "__main__":
    main()
