"""Writes a fully convolutional Keras segmenter, and Keras's own classes for a whole image.

Usage: python keras_segmenter.py IMAGE.f32 BANDS HEIGHT WIDTH FOLDER

IMAGE.f32 holds HEIGHT x WIDTH x BANDS little-endian float32 values (channels last, as Keras takes
them). Writes into FOLDER segmenter.h5 and segmenter.keras (the same network: 3x3 conv, batch norm,
depthwise 3x3 conv, 1x1 conv to 3 classes, softmax; any image size; the last bias centres each
class's scores on the image, so that every class wins somewhere), and classes.u8, the argmax class
of every pixel of the whole image (H x W): the reference ecdkit's tiled classify must reproduce.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras
import numpy as np
from keras import layers

image, bands, height, width, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(21)
rng = np.random.default_rng(21)
model = keras.Sequential([
    keras.Input((None, None, bands), name="image"),
    layers.Conv2D(8, 3, padding="same", activation="relu", name="features"),
    layers.BatchNormalization(name="norm"),
    layers.DepthwiseConv2D(3, padding="same", activation="relu", name="context"),
    layers.Conv2D(3, 1, name="logits"),
    layers.Softmax(name="classes"),
], name="segmenter")
for layer in model.layers:
    weights = layer.get_weights()
    fresh = [(rng.standard_normal(w.shape) * 0.5).astype(w.dtype) for w in weights]
    if isinstance(layer, layers.BatchNormalization):
        fresh[-1] = rng.uniform(0.5, 2.0, weights[-1].shape).astype(np.float32)
    layer.set_weights(fresh)
x = np.fromfile(image, dtype="<f4").reshape(1, height, width, bands)
# Centre each class's logits on the image so that every class wins somewhere.
logits = keras.Model(model.inputs, model.get_layer("logits").output).predict(x, verbose=0)
kernel, bias = model.get_layer("logits").get_weights()
model.get_layer("logits").set_weights([kernel, bias - logits.reshape(-1, 3).mean(axis=0)])
model.save(os.path.join(out, "segmenter.h5"))
model.save(os.path.join(out, "segmenter.keras"))
scores = model.predict(x, verbose=0)
np.argmax(scores[0], axis=-1).astype(np.uint8).tofile(os.path.join(out, "classes.u8"))
