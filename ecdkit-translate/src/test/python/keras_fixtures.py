"""Writes the Keras fixtures of ecdkit-translate's tests with the real Keras (3.x on TensorFlow).

Usage: python keras_fixtures.py OUT_FOLDER

For every model NAME it writes NAME.h5 and/or NAME.keras, NAME.input.f32 (a fixed input, float32
little-endian, the batch shape in NAME.json) and NAME.output.f32 (Keras's own prediction for it):
the oracle the translated ONNX must reproduce. It also writes hdf5_layouts.h5, the same values
stored as h5py stores datasets (contiguous, compact, chunked with deflate, with shuffle + deflate,
with fletcher32), with the values in hdf5_layouts.f32. Weights are random but seeded, and batch
norm statistics are set to non-trivial values so that a translation that ignores them fails.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import keras
import numpy as np
from keras import layers

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(7)
rng = np.random.default_rng(11)


def perturb(model):
    """Random weights everywhere (Keras initialises biases, BN gamma/beta and statistics to 0 or 1)."""
    for layer in model.layers:
        weights = layer.get_weights()
        if not weights:
            continue
        fresh = []
        for w in weights:
            if isinstance(layer, layers.BatchNormalization) and w is weights[-1]:
                fresh.append(rng.uniform(0.5, 2.0, w.shape).astype(w.dtype))  # moving variance > 0
            elif isinstance(layer, layers.Normalization):
                fresh.append(w)
            else:
                fresh.append((rng.standard_normal(w.shape) * 0.3).astype(w.dtype))
        layer.set_weights(fresh)


def save(name, model, shape, formats=("h5", "keras")):
    perturb(model)
    x = rng.uniform(0.0, 1.0, shape).astype(np.float32)
    y = model.predict(x, verbose=0)
    for fmt in formats:
        model.save(os.path.join(out, f"{name}.{fmt}"))
    x.astype("<f4").tofile(os.path.join(out, f"{name}.input.f32"))
    np.asarray(y, dtype="<f4").tofile(os.path.join(out, f"{name}.output.f32"))
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump({"input": list(x.shape), "output": list(np.shape(y))}, f)


# A segmenter of the layers segmentation models use, channels last, Sequential.
seq = keras.Sequential([
    keras.Input((24, 20, 3), name="image"),
    layers.Rescaling(1 / 0.5, offset=-0.25),
    layers.Conv2D(8, 3, padding="same", activation="relu", name="conv1"),
    layers.BatchNormalization(name="bn1"),
    layers.MaxPooling2D(2, name="pool1"),
    layers.DepthwiseConv2D(3, padding="same", depth_multiplier=2, activation="relu6", name="depthwise"),
    layers.SeparableConv2D(12, 3, padding="same", activation="swish", name="separable"),
    layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="elu", name="up_conv"),
    layers.Conv2D(6, 3, padding="valid", dilation_rate=2, activation="tanh", name="dilated"),
    layers.ZeroPadding2D(((2, 2), (1, 3)), name="pad"),
    layers.Conv2D(4, 1, activation="softmax", name="classes"),
], name="segmenter")
save("sequential_segmenter", seq, (2, 24, 20, 3))

# A functional U-Net-like net: merges, resizing, every activation, grouped and strided convolutions.
inp = keras.Input((16, 16, 4), name="bands")
norm = layers.Normalization(mean=[0.1, 0.2, 0.3, 0.4], variance=[1.0, 2.0, 0.5, 4.0], name="norm")(inp)
a = layers.Conv2D(8, 3, padding="same", name="enc_a")(norm)
a = layers.LeakyReLU(negative_slope=0.2, name="leaky")(a)
b = layers.Conv2D(8, 3, strides=2, padding="same", groups=2, name="enc_b")(a)
b = layers.Activation("hard_swish", name="hswish")(b)
b = layers.ReLU(max_value=6.0, name="relu6")(b)
b = layers.AveragePooling2D(2, name="avg")(b)
b = layers.Dropout(0.5, name="drop")(b)
b = layers.GaussianNoise(0.1, name="noise")(b)
b = layers.Conv2D(8, 3, padding="same", activation="sigmoid", name="mid")(b)
c = layers.UpSampling2D(2, interpolation="bilinear", name="up_bilinear")(b)
c = layers.UpSampling2D(2, interpolation="nearest", name="up_nearest")(c)
d = layers.Concatenate(name="skip")([a, c])
e = layers.Conv2D(8, 1, activation="elu", name="mix")(d)
f = layers.Add(name="add")([e, a])
g = layers.Multiply(name="mul")([f, c])
h = layers.Subtract(name="sub")([g, e])
h = layers.ELU(alpha=0.5, name="elu")(h)
h = layers.Activation("gelu", name="gelu")(h)
out_ = layers.Conv2D(3, 1, name="logits")(h)
out_ = layers.Softmax(name="probabilities")(out_)
func = keras.Model(inp, out_, name="unet")
save("functional_unet", func, (1, 16, 16, 4))

# A scene classifier: pooling to vectors, dense layers, reshape and permute.
inp = keras.Input((12, 12, 3), name="scene")
x = layers.Conv2D(6, 3, strides=(2, 1), padding="valid", activation="relu", name="stem")(inp)
p = layers.GlobalAveragePooling2D(name="gap")(x)
q = layers.GlobalMaxPooling2D(name="gmp")(x)
r = layers.Flatten(name="flat")(layers.MaxPooling2D((2, 2), strides=(2, 3), padding="same", name="pool")(x))
v = layers.Concatenate(name="features")([p, q, r])
v = layers.Dense(10, activation="relu", name="hidden")(v)
v = layers.Reshape((2, 5), name="reshape")(v)
v = layers.Permute((2, 1), name="permute")(v)
v = layers.Flatten(name="flat2")(v)
v = layers.Dense(5, activation="softmax", name="label")(v)
cls = keras.Model(inp, v, name="scene_classifier")
save("scene_classifier", cls, (3, 12, 12, 3))

# A 1-D signal model (a pixel's spectrum, say): Conv1D, pooling and upsampling along one axis.
inp = keras.Input((32, 5), name="spectrum")
x = layers.Conv1D(7, 5, padding="causal", dilation_rate=2, activation="relu", name="c1")(inp)
x = layers.MaxPooling1D(2, name="p1")(x)
x = layers.Conv1D(4, 3, padding="same", name="c2")(x)
x = layers.UpSampling1D(2, name="u1")(x)
one_d = keras.Model(inp, x, name="signal")
save("signal_1d", one_d, (2, 32, 5), formats=("keras",))

# Edge cases: "same" with strides and an even kernel, a transposed conv whose kernel is smaller than its
# stride, batch norm without scale and centre, ReLU's three options, Dense per pixel, zero padding then
# max pooling over negative values, softmax over height.
inp = keras.Input((10, 9, 3), name="image")
a = layers.Conv2D(4, 4, strides=2, padding="same", name="even_kernel")(inp)
b = layers.Conv2DTranspose(3, 2, strides=3, padding="valid", name="sparse_up")(a)
c = layers.BatchNormalization(scale=False, center=False, name="bare_bn")(b)
d = layers.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.2, name="relu_options")(c)
e = layers.Activation("hard_sigmoid", name="hsigmoid")(d)
f = layers.Dense(5, name="per_pixel")(e)
g = layers.Cropping2D(((1, 2), (0, 3)), name="crop")(f)
g = layers.ZeroPadding2D(1, name="zero_pad")(layers.Activation("tanh", name="signed")(g))
g = layers.MaxPooling2D(3, strides=1, name="max_over_padding")(g)  # zero padding must win over negative values
h = layers.PReLU(shared_axes=[1, 2], name="prelu")(g)
i1 = layers.Activation("mish", name="mish")(h)
i2 = layers.Activation("selu", name="selu")(h)
i3 = layers.Activation("softplus", name="softplus")(h)
j = layers.Average(name="average")([i1, i2, i3])
k = layers.Maximum(name="maximum")([j, i2])
m = layers.Minimum(name="minimum")([k, i3])
n = layers.Softmax(axis=1, name="softmax_height")(m)
edges = keras.Model(inp, n, name="edge_cases")
save("edge_cases", edges, (2, 10, 9, 3))

# Volumes: Conv3D, pooling, transposed convolution and upsampling in three dimensions.
inp = keras.Input((8, 10, 6, 2), name="volume")
x = layers.Conv3D(4, 3, padding="same", activation="relu", name="c3")(inp)
y = layers.MaxPooling3D(2, name="p3")(x)
y = layers.Conv3DTranspose(4, 3, strides=2, padding="same", use_bias=False, name="t3")(y)
z = layers.Concatenate(name="cat3")([x, y])
z = layers.UpSampling3D((1, 2, 1), name="u3")(z)
z = layers.ZeroPadding3D(((0, 1), (2, 0), (1, 1)), name="zp3")(z)
z = layers.Conv3D(2, 1, activation="sigmoid", name="out3")(z)
volume = keras.Model(inp, z, name="volume")
save("volume_3d", volume, (1, 8, 10, 6, 2), formats=("h5",))

# A scene classifier resizing its input first.
inp = keras.Input((15, 13, 3), name="photo")
x = layers.Resizing(8, 10, interpolation="bilinear", name="resize")(inp)
x = layers.Conv2D(4, 3, activation="relu", name="conv")(x)
x = layers.GlobalAveragePooling2D(keepdims=True, name="gap")(x)
x = layers.Flatten(name="flat")(x)
x = layers.Dense(3, activation="softmax", name="label")(x)
resized = keras.Model(inp, x, name="resized_classifier")
save("resized_classifier", resized, (2, 15, 13, 3), formats=("keras",))

# A layer no translation has: a Lambda (Python code) and an unsupported layer.
inp = keras.Input((8, 8, 3), name="image")
x = layers.Conv2D(2, 1, name="conv")(inp)
lam = keras.Model(inp, layers.Lambda(lambda t: t * 2.0, name="double")(x), name="with_lambda")
lam.save(os.path.join(out, "with_lambda.h5"))
inp = keras.Input((8, 8, 3), name="image")
lstm = keras.Model(inp, layers.ConvLSTM1D(2, 1, name="recurrent")(inp), name="with_convlstm")
lstm.save(os.path.join(out, "unsupported_layer.keras"))

print("keras fixtures written to", out)
