"""The benchmarks' small net (BenchScenes.smallFcn) as a TorchScript archive, with the same weights.

usage: export_fcn3_torchscript.py WEIGHTS.f32 BANDS OUT.pt

WEIGHTS.f32 holds the three layers' weights, little-endian float32, each [out][in][ky * k + kx], one after
the other: 16 x BANDS x 9, 16 x 16 x 9, 5 x 16 x 1. Biases are 0, padding keeps the size (as the ONNX
and TensorFlow twins). Run by BenchScenes with Debian's PyTorch ($TORCH_PYTHON, default /usr/bin/python3).
"""
import sys

import numpy as np
import torch


def main():
    weights, bands, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    flat = np.fromfile(weights, dtype="<f4")
    shapes = [(16, bands, 3), (16, 16, 3), (5, 16, 1)]
    layers = []
    at = 0
    for i, (o, n, k) in enumerate(shapes):
        conv = torch.nn.Conv2d(n, o, k, padding=k // 2)
        count = o * n * k * k
        with torch.no_grad():
            conv.weight.copy_(torch.from_numpy(flat[at:at + count].reshape(o, n, k, k)))
            conv.bias.zero_()
        at += count
        layers.append(conv)
        if i < 2:
            layers.append(torch.nn.ReLU())
    torch.jit.script(torch.nn.Sequential(*layers).eval()).save(out)


if __name__ == "__main__":
    main()
