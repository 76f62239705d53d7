"""Exports torchvision's LR-ASPP MobileNetV3-Large to ONNX, with seeded random weights (weights=None:
nothing is downloaded), for the peer comparison: a real segmentation architecture, as users export it.

    python3 export_lraspp.py OUT.onnx [CLASSES]

Needs PyTorch and torchvision (Debian's python3-torch and python3-torchvision, or the local wheel
index) and onnx. Input "image" [batch, 3, height, width], output "scores" [batch, classes, height, width].
"""
import sys

import torch
import torchvision


def main():
    out = sys.argv[1]
    classes = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.manual_seed(5)
    model = torchvision.models.segmentation.lraspp_mobilenet_v3_large(
        weights=None, weights_backbone=None, num_classes=classes)
    model.eval()

    class Scores(torch.nn.Module):
        """The model's "out" head alone: segmentation models return a dict."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, image):
            return self.inner(image)["out"]

    example = torch.rand(1, 3, 512, 512) * 250
    torch.onnx.export(Scores(model), (example,), out, opset_version=17, input_names=["image"],
                      output_names=["scores"],
                      dynamic_axes={"image": {0: "batch", 2: "height", 3: "width"},
                                    "scores": {0: "batch", 2: "height", 3: "width"}})


if __name__ == "__main__":
    main()
