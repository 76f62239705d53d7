"""Runs a Keras model file that a package ships with the real Keras, for ecdkit's translation to be
compared with.

Usage: python keras_reference.py MODEL OUT_FOLDER

Loads MODEL (Keras 3 reads Keras 2 HDF5 files), feeds it a fixed input of its input shape (a smooth
blob with seeded noise, so that a segmenter's output is not all one class) and writes
reference.input.f32, reference.output.f32 (float32 little-endian) and reference.json (the shapes).
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras
import numpy as np

model_path, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
model = keras.models.load_model(model_path, compile=False)
shape = [1 if d is None else d for d in model.input_shape]
grids = np.meshgrid(*[np.linspace(-1, 1, n) for n in shape[1:-1]], indexing="ij")
radius = np.sqrt(sum(g * g for g in grids))
blob = np.clip(1.2 - radius, 0, 1)[..., None] * np.ones(shape[-1])
x = (blob[None] + np.random.default_rng(5).normal(0, 0.05, shape)).astype(np.float32)
y = model.predict(x, verbose=0)
x.astype("<f4").tofile(os.path.join(out, "reference.input.f32"))
np.asarray(y, dtype="<f4").tofile(os.path.join(out, "reference.output.f32"))
with open(os.path.join(out, "reference.json"), "w") as f:
    json.dump({"input": list(x.shape), "output": list(np.shape(y)), "output_min": float(np.min(y)),
               "output_max": float(np.max(y))}, f)
