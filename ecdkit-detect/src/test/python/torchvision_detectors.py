"""Exports a torchvision detector to ONNX exactly as torchvision documents it, and records the
detector's own detections on a given image: the oracle ecdkit's detections are compared with.

    python3 torchvision_detectors.py NAME CLASSES IMAGE.f32 HEIGHT WIDTH OUT_DIR [WINDOWS.txt]

NAME is ssdlite, fasterrcnn, retinanet, fcos or maskrcnn; CLASSES the class info's class count
(torchvision's num_classes is one more: label 0 is the background). IMAGE.f32 holds the image as
float32 [3, HEIGHT, WIDTH], values 0 to 1, little-endian. Writes OUT_DIR/NAME.onnx (opset 11, input
"images" [3, HEIGHT, WIDTH], outputs boxes, scores, labels and, for Mask R-CNN, masks) and
OUT_DIR/NAME.json: the detections in the model's order, each with its box, label and score, and for
Mask R-CNN the number of mask pixels at or above 0.5 and how many lie within 1e-4 of it.

With WINDOWS.txt (lines "x y width height"), the image is a scene larger than a tile: the model is
built for, exported with and its detections recorded on the first window, and "merged" holds its
detections over every window, merged as ecdkit documents (merged_over_tiles), at threshold 0.5 and
overlap 0.5: an independent reference for ecdkit's merging across tiles.

Weights are random with a fixed seed (weights=None downloads nothing), set up as spread_scores
says, so that scores differ from box to box.

Needs Debian's python3-torch and python3-torchvision (1.13 and 0.14 are what this was written for)
and onnx.
"""
import json
import sys

import numpy
import torch
import torchvision
from torchvision.models import detection
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone


# Batch norms whose statistics spread_scores can set (torchvision's resnet backbones default to frozen ones).
NORM = torch.nn.BatchNorm2d


def build(name, num_classes, height, width):
    side = dict(min_size=min(height, width), max_size=max(height, width))
    if name == "ssdlite":
        return detection.ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=num_classes)
    if name == "fasterrcnn":
        return detection.fasterrcnn_mobilenet_v3_large_320_fpn(weights=None, weights_backbone=None,
                                                               num_classes=num_classes, **side)
    if name in ("retinanet", "fcos"):
        backbone = resnet_fpn_backbone(backbone_name="resnet18", weights=None, trainable_layers=5, norm_layer=NORM,
                                       returned_layers=[2, 3, 4],
                                       extra_blocks=torchvision.ops.feature_pyramid_network.LastLevelP6P7(256, 256))
        if name == "retinanet":
            return detection.RetinaNet(backbone, num_classes=num_classes, **side)
        return detection.FCOS(backbone, num_classes=num_classes, score_thresh=0.05, **side)
    if name == "maskrcnn":
        # Fewer proposals and detections than the defaults (1000, 100): Debian's PyTorch multiplies
        # matrices slowly, and the box head's 12544 x 1024 layer would take a minute per image.
        backbone = resnet_fpn_backbone(backbone_name="resnet18", weights=None, trainable_layers=5, norm_layer=NORM)
        return detection.MaskRCNN(backbone, num_classes=num_classes, rpn_pre_nms_top_n_test=300,
                                  rpn_post_nms_top_n_test=100, box_detections_per_img=50, **side)
    raise SystemExit("unknown detector " + name)


def spread_scores(model, image):
    """Makes a randomly initialised detector behave like a trained one in scale.

    Torchvision initialises a detector for training from pretrained weights: without them, batch
    norms in eval mode are identities, features fade or explode layer by layer, and the heads' tiny
    last layers tie every score. So the batch norms learn their statistics from the image itself
    (a few passes in training mode, nothing else trained), and the heads' weights are drawn again,
    larger (fixed seed), so that scores spread (box regressions smaller, so that boxes keep sensible sizes) and an ordering or a threshold means something.
    """
    generator = torch.Generator().manual_seed(11)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.startswith(("head.", "roi_heads.", "rpn.")) and parameter.dim() > 1:
                fan_in = parameter[0].numel()
                # Box regressions stay small, so boxes keep near their anchors' sizes and masks have room.
                gain = 0.1 if "bbox" in name or "regression" in name else 1.0
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * gain / fan_in ** 0.5)
                if "mask_fcn_logits" in name:
                    # Mask logits of both signs within a box, as a trained head gives: rows of mean zero.
                    parameter.sub_(parameter.mean(dim=1, keepdim=True))
        norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
        for norm in norms:
            norm.reset_running_stats()
            norm.momentum = None  # a plain average over the passes
            norm.train()
        # The backbone alone: the heads hold no batch norm that matters, and running them untrained is slow.
        batch = model.transform([image, image.flip(-1)])[0].tensors
        for _ in range(3):
            model.backbone(batch)
        for norm in norms:
            norm.eval()


def detections_of(result):
    """PyTorch's detections as JSON: box, label, score, and for Mask R-CNN the mask's pixel counts."""
    detections = []
    for i in range(result["boxes"].shape[0]):
        found = {"box": [float(v) for v in result["boxes"][i]], "label": int(result["labels"][i]),
                 "score": float(result["scores"][i])}
        if "masks" in result:
            probabilities = result["masks"][i, 0]
            found["maskPixels"] = int((probabilities >= 0.5).sum())
            found["maskUncertain"] = int(((probabilities - 0.5).abs() < 1e-4).sum())
        detections.append(found)
    return detections


def merged_over_tiles(model, scene, windows, threshold, overlap):
    """The detections over a scene cut into windows, merged by ecdkit's documented rule, written anew.

    Each window's boxes at or above the threshold that touch (within half a pixel) an edge of the
    window that is not an edge of the scene are dropped (a neighbour sees the object whole); the rest
    are clipped to the window and moved to scene pixels; then torchvision's own batched_nms keeps,
    per label, the strongest of boxes overlapping by more than the overlap (IoU).
    """
    height, width = scene.shape[1], scene.shape[2]
    boxes, scores, labels = [], [], []
    for x, y, w, h in windows:
        with torch.no_grad():
            result = model([scene[:, y:y + h, x:x + w].contiguous()])[0]
        for box, score, label in zip(result["boxes"].tolist(), result["scores"].tolist(), result["labels"].tolist()):
            x1, y1, x2, y2 = box
            if score < threshold or x2 <= x1 or y2 <= y1:
                continue
            cut = (x > 0 and x1 <= 0.5) or (y > 0 and y1 <= 0.5) \
                or (x + w < width and x2 >= w - 0.5) or (y + h < height and y2 >= h - 0.5)
            if cut:
                continue
            boxes.append([max(0, x1) + x, max(0, y1) + y, min(w, x2) + x, min(h, y2) + y])
            scores.append(score)
            labels.append(label)
    if not boxes:
        return []
    boxes, scores, labels = torch.tensor(boxes), torch.tensor(scores), torch.tensor(labels)
    keep = torchvision.ops.batched_nms(boxes, scores, labels, overlap)
    return [{"box": boxes[k].tolist(), "label": int(labels[k]), "score": float(scores[k])} for k in keep.tolist()]


def main():
    name, classes, image_file, height, width, out_dir = sys.argv[1:7]
    height, width = int(height), int(width)
    # A scene larger than the model's tile, cut into the windows a file lists (x y width height per line).
    windows = []
    if len(sys.argv) > 7:
        with open(sys.argv[7]) as lines:
            windows = [tuple(int(v) for v in line.split()) for line in lines if line.strip()]
    scene = torch.from_numpy(numpy.fromfile(image_file, dtype="<f4").reshape(3, height, width).copy())
    x, y, w, h = windows[0] if windows else (0, 0, width, height)
    image = scene[:, y:y + h, x:x + w].contiguous()
    torch.manual_seed(3)
    model = build(name, int(classes) + 1, h, w)
    model.eval()
    spread_scores(model, image)
    with torch.no_grad():
        result = model([image])[0]
    names = list(result.keys())
    output_names = [n for n in ("boxes", "scores", "labels", "masks") if n in names]

    class Ordered(torch.nn.Module):
        """The detector with its outputs in a fixed order, as a user names them when exporting."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, images):
            out = self.inner(images)[0]
            return tuple(out[n] for n in output_names)

    # Eval before export: the export puts a module back in the mode it found it in, training for a new one.
    torch.onnx.export(Ordered(model).eval(), ([image],), out_dir + "/" + name + ".onnx", opset_version=11,
                      input_names=["images"], output_names=output_names)
    report = {"torch": torch.__version__, "torchvision": torchvision.__version__, "detections": detections_of(result)}
    if windows:
        report["merged"] = merged_over_tiles(model, scene, windows, 0.5, 0.5)
    with open(out_dir + "/" + name + ".json", "w") as out:
        json.dump(report, out)


if __name__ == "__main__":
    main()
