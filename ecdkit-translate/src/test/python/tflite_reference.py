"""Runs a TFLite model file that a package ships with TFLite's own interpreter, for ecdkit's
translation to be compared with.

Usage: python tflite_reference.py MODEL OUT_FOLDER

Feeds MODEL a fixed input of its input shape (a smooth blob with seeded noise, values 0 to 1) and
writes reference.input.f32, reference.output.f32 (the first output, float32 little-endian) and
reference.json (the shapes). The interpreter cannot run MediaPipe's custom operator
Convolution2DTransposeBias; such a model is first rewritten, in memory, with TFLite's builtin
TRANSPOSE_CONV (same weights layout, OHWI; the bias as its fourth input; the padding and strides of
the custom options), so that the reference is still TFLite's own arithmetic.
"""
import json
import os
import struct
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import flatbuffers
import numpy as np
import tensorflow as tf
from tensorflow.lite.python import schema_py_generated as schema

model_path, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
content = open(model_path, "rb").read()
model = schema.ModelT.InitFromPackedBuf(bytearray(content), 0)
custom = [i for i, code in enumerate(model.operatorCodes)
          if code.customCode is not None and code.customCode.decode() == "Convolution2DTransposeBias"]
if custom:
    builtin = schema.OperatorCodeT()
    builtin.builtinCode = schema.BuiltinOperator.TRANSPOSE_CONV
    builtin.deprecatedBuiltinCode = schema.BuiltinOperator.TRANSPOSE_CONV
    builtin.version = 3
    model.operatorCodes.append(builtin)
    code_index = len(model.operatorCodes) - 1
    graph = model.subgraphs[0]
    for op in graph.operators:
        if op.opcodeIndex not in custom:
            continue
        padding, stride_w, stride_h = struct.unpack("<iii", bytes(op.customOptions[:12]))
        x, weights, bias = op.inputs
        in_shape = graph.tensors[x].shape
        kernel = graph.tensors[weights].shape
        out_h = in_shape[1] * stride_h if padding == 1 else (in_shape[1] - 1) * stride_h + kernel[1]
        out_w = in_shape[2] * stride_w if padding == 1 else (in_shape[2] - 1) * stride_w + kernel[2]
        buffer = schema.BufferT()
        buffer.data = np.array([in_shape[0], out_h, out_w, kernel[0]], dtype="<i4").view(np.uint8)
        model.buffers.append(buffer)
        shape_tensor = schema.TensorT()
        shape_tensor.shape = [4]
        shape_tensor.type = schema.TensorType.INT32
        shape_tensor.buffer = len(model.buffers) - 1
        shape_tensor.name = b"transpose_conv_output_shape"
        graph.tensors.append(shape_tensor)
        options = schema.TransposeConvOptionsT()
        options.padding = schema.Padding.SAME if padding == 1 else schema.Padding.VALID
        options.strideW, options.strideH = stride_w, stride_h
        op.opcodeIndex = code_index
        op.inputs = [len(graph.tensors) - 1, weights, x, bias]
        op.builtinOptionsType = schema.BuiltinOptions.TransposeConvOptions
        op.builtinOptions = options
        op.customOptions = None
    builder = flatbuffers.Builder(len(content) + 4096)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    content = bytes(builder.Output())

interpreter = tf.lite.Interpreter(model_content=content)
interpreter.allocate_tensors()
detail = interpreter.get_input_details()[0]
shape = list(detail["shape"])
grids = np.meshgrid(*[np.linspace(-1, 1, n) for n in shape[1:-1]], indexing="ij")
blob = np.clip(1.2 - np.sqrt(sum(g * g for g in grids)), 0, 1)[..., None] * np.ones(shape[-1])
x = np.clip(blob[None] + np.random.default_rng(5).normal(0, 0.05, shape), 0, 1).astype(np.float32)
interpreter.set_tensor(detail["index"], x)
interpreter.invoke()
y = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
x.astype("<f4").tofile(os.path.join(out, "reference.input.f32"))
np.asarray(y, dtype="<f4").tofile(os.path.join(out, "reference.output.f32"))
with open(os.path.join(out, "reference.json"), "w") as f:
    json.dump({"input": shape and [int(d) for d in shape], "output": [int(d) for d in y.shape],
               "patched_custom_ops": len(custom) > 0}, f)
