"""Writes TFLite fixtures with TensorFlow's own converter, and TFLite's own outputs for them.

Usage: python tflite_fixtures.py OUT_FOLDER

Two Keras networks (a segmenter and a scene classifier, channels last) are converted with
tf.lite.TFLiteConverter.from_keras_model in four ways: NAME.float.tflite (float32 weights),
NAME.float16.tflite (float16 weights, DEQUANTIZE before use), NAME.dynamic.tflite (int8 weights,
per-channel, float activations) and NAME.int8.tflite (int8 weights and activations, float input and
output, calibrated on seeded random images). For each, NAME.VARIANT.output.f32 holds what TFLite's
interpreter computes for NAME.input.f32 (shapes in NAME.json). tiny.int16.tflite (16-bit
activations, "16x8") is a model no ONNX opset 18 translation can express; argmax.tflite holds an
operator ecdkit does not translate (ARG_MAX).
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras
import numpy as np
import tensorflow as tf
from keras import layers

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(17)
rng = np.random.default_rng(17)


def randomise(model):
    for layer in model.layers:
        weights = layer.get_weights()
        if not weights:
            continue
        fresh = [(rng.standard_normal(w.shape) * 0.3).astype(w.dtype) for w in weights]
        if isinstance(layer, layers.BatchNormalization):
            fresh[-1] = rng.uniform(0.5, 2.0, weights[-1].shape).astype(np.float32)
        layer.set_weights(fresh)


def run(path, x):
    interpreter = tf.lite.Interpreter(model_path=path)
    interpreter.allocate_tensors()
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
    interpreter.invoke()
    return interpreter.get_tensor(interpreter.get_output_details()[0]["index"])


def convert(name, model, shape):
    randomise(model)
    x = rng.uniform(0.0, 1.0, shape).astype(np.float32)
    x.astype("<f4").tofile(os.path.join(out, f"{name}.input.f32"))

    def representative():
        for _ in range(8):
            yield [rng.uniform(0.0, 1.0, shape).astype(np.float32)]

    variants = {
        "float": {},
        "float16": {"optimizations": [tf.lite.Optimize.DEFAULT], "types": [tf.float16]},
        "dynamic": {"optimizations": [tf.lite.Optimize.DEFAULT]},
        "int8": {"optimizations": [tf.lite.Optimize.DEFAULT], "representative": True},
    }
    shapes = {}
    for variant, options in variants.items():
        converter = tf.lite.TFLiteConverter.from_keras_model(model)
        if "optimizations" in options:
            converter.optimizations = options["optimizations"]
        if "types" in options:
            converter.target_spec.supported_types = options["types"]
        if options.get("representative"):
            converter.representative_dataset = representative
        path = os.path.join(out, f"{name}.{variant}.tflite")
        with open(path, "wb") as f:
            f.write(converter.convert())
        y = run(path, x)
        np.asarray(y, dtype="<f4").tofile(os.path.join(out, f"{name}.{variant}.output.f32"))
        shapes["output"] = list(y.shape)
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump({"input": list(shape), "output": shapes["output"]}, f)
    return representative


segmenter = keras.Sequential([
    keras.Input((32, 24, 3), batch_size=1, name="image"),
    layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1"),
    layers.BatchNormalization(name="bn"),
    layers.DepthwiseConv2D(3, strides=2, padding="same", activation="relu6", name="depthwise"),
    layers.Conv2D(12, 1, activation="hard_swish", name="expand"),
    layers.AveragePooling2D(2, name="avg"),
    layers.Conv2DTranspose(8, 3, strides=2, padding="same", name="up"),
    layers.UpSampling2D(2, interpolation="bilinear", name="bilinear"),
    layers.ZeroPadding2D(((1, 0), (0, 1)), name="pad"),
    layers.MaxPooling2D(2, strides=1, name="max"),
    layers.Conv2D(4, 1, activation="softmax", name="classes"),
], name="segmenter")
convert("segmenter", segmenter, (1, 32, 24, 3))

tiny = keras.Sequential([keras.Input((8, 8, 3), batch_size=1, name="image"),
                         layers.Conv2D(2, 3, padding="same", activation="relu", name="conv")], name="tiny")
converter = tf.lite.TFLiteConverter.from_keras_model(tiny)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = lambda: ([rng.uniform(0, 1, (1, 8, 8, 3)).astype(np.float32)] for _ in range(4))
converter.target_spec.supported_ops = [tf.lite.OpsSet.EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8]
with open(os.path.join(out, "tiny.int16.tflite"), "wb") as f:
    f.write(converter.convert())

inp = keras.Input((20, 20, 3), batch_size=1, name="scene")
x = layers.Conv2D(6, 3, strides=2, activation="relu", name="stem")(inp)
a = layers.GlobalAveragePooling2D(name="gap")(x)
b = layers.Flatten(name="flat")(layers.MaxPooling2D(3, name="pool")(x))
v = layers.Concatenate(name="features")([a, b])
v = layers.Dense(16, activation="tanh", name="hidden")(v)
v = layers.Reshape((4, 4), name="grid")(v)
v = layers.Flatten(name="flat2")(v)
v = layers.Dense(5, activation="softmax", name="label")(v)
convert("classifier", keras.Model(inp, v, name="classifier"), (1, 20, 20, 3))


class ArgMax(tf.Module):
    """A class map (ARG_MAX, int64 out): an operator ecdkit does not translate."""

    @tf.function(input_signature=[tf.TensorSpec([1, 8, 8, 3], tf.float32)])
    def __call__(self, x):
        return tf.argmax(x, axis=-1)


argmax = ArgMax()
converter = tf.lite.TFLiteConverter.from_concrete_functions([argmax.__call__.get_concrete_function()], argmax)
with open(os.path.join(out, "argmax.tflite"), "wb") as f:
    f.write(converter.convert())
print("tflite fixtures written to", out)
