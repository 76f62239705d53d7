"""The benchmarks' models as Keras and TFLite files, written by Keras and TensorFlow themselves.

usage: export_keras_tflite.py WEIGHTS.f32 BANDS OUT_FOLDER

Writes fcn3.h5, fcn3.keras and fcn3.tflite: BenchScenes.smallFcn with the same weights (WEIGHTS.f32 as
for export_fcn3_torchscript.py: [out][in][ky * k + kx] per layer, biases 0), any image size. And
large.h5, large.keras, large.tflite: a 200 MB net (five 3x3 convolutions of 1024 filters, 47 M
weights, seeded), for translation times. Run by TranslationBenchmark and RuntimeComparisonBenchmark
with $KERAS_PYTHON (default: the environment scripts/install-system-packages makes).
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras
import numpy as np
import tensorflow as tf
from keras import layers

weights, bands, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)


def save(model, name, tflite_shape):
    model.save(os.path.join(out, name + ".h5"))
    model.save(os.path.join(out, name + ".keras"))
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    with open(os.path.join(out, name + ".tflite"), "wb") as f:
        f.write(converter.convert())


flat = np.fromfile(weights, dtype="<f4")
fcn = keras.Sequential([keras.Input((None, None, bands), name="image"),
                        layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
                        layers.Conv2D(16, 3, padding="same", activation="relu", name="conv2"),
                        layers.Conv2D(5, 1, name="scores")], name="fcn3")
at = 0
for layer, (o, n, k) in zip(fcn.layers, [(16, bands, 3), (16, 16, 3), (5, 16, 1)]):
    count = o * n * k * k
    kernel = flat[at:at + count].reshape(o, n, k, k).transpose(2, 3, 1, 0)
    layer.set_weights([kernel, np.zeros(o, np.float32)])
    at += count
save(fcn, "fcn3", None)

keras.utils.set_random_seed(3)
large = keras.Sequential([keras.Input((None, None, 1024), name="features")]
                         + [layers.Conv2D(1024, 3, padding="same", activation="relu", name=f"conv{i}") for i in range(5)],
                         name="large")
save(large, "large", None)
