"""Writes TorchScript fixtures with PyTorch itself, and PyTorch's own outputs on a given image.

usage: torchscript_segmenter.py IMAGE.f32 BANDS HEIGHT WIDTH FOLDER

IMAGE.f32 holds BANDS x HEIGHT x WIDTH little-endian float32 values (band after band). Writes into FOLDER:
  segmenter.pt       torch.jit.script of a small segmenter (3x3 conv BANDS->8, ReLU, 3x3 conv 8->8, ReLU,
                     1x1 conv 8->2), weights from a fixed seed; forward(x) returns class scores [N, 2, H, W]
  indexes.pt         the same network returning argmax class indexes (int64) [N, H, W], traced
  pair.pt            returns a tuple (scores, scores.softmax(1)), scripted
  scores.f32         segmenter.pt's scores on the whole image, [1, 2, H, W], float32
  classes.u8         the argmax class of every pixel, uint8, H x W (the whole-image reference for classify)
"""
import sys

import numpy as np
import torch


class Segmenter(torch.nn.Module):
    def __init__(self, bands):
        super().__init__()
        self.a = torch.nn.Conv2d(bands, 8, 3, padding=1)
        self.b = torch.nn.Conv2d(8, 8, 3, padding=1)
        self.c = torch.nn.Conv2d(8, 2, 1)

    def forward(self, x):
        return self.c(torch.relu(self.b(torch.relu(self.a(x)))))


class Indexes(torch.nn.Module):
    def __init__(self, segmenter):
        super().__init__()
        self.segmenter = segmenter

    def forward(self, x):
        return self.segmenter(x).argmax(1)


class Pair(torch.nn.Module):
    def __init__(self, segmenter):
        super().__init__()
        self.segmenter = segmenter

    def forward(self, x):
        scores = self.segmenter(x)
        return scores, scores.softmax(1)


def main():
    image, bands, height, width, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    torch.manual_seed(15)
    segmenter = Segmenter(bands).eval()
    with torch.no_grad():
        for conv in (segmenter.a, segmenter.b, segmenter.c):
            conv.weight.normal_(0, 0.4)
            conv.bias.normal_(0, 0.1)
    torch.jit.script(segmenter).save(folder + "/segmenter.pt")
    example = torch.zeros(1, bands, 16, 16)
    torch.jit.trace(Indexes(segmenter).eval(), example).save(folder + "/indexes.pt")
    torch.jit.script(Pair(segmenter).eval()).save(folder + "/pair.pt")
    pixels = np.fromfile(image, dtype="<f4").reshape(1, bands, height, width)
    with torch.no_grad():
        scores = segmenter(torch.from_numpy(pixels))
    scores.numpy().astype("<f4").tofile(folder + "/scores.f32")
    scores.argmax(1)[0].numpy().astype(np.uint8).tofile(folder + "/classes.u8")


if __name__ == "__main__":
    main()
