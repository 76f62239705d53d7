"""Writes HDF5 files with h5py, storing the same values in every way h5py can: the fixtures of
Hdf5DatasetTest (an implementation independent of ecdkit's reader).

Usage: python hdf5_layouts.py OUT_FOLDER

values.f32 holds the 37 x 21 values, float32 little-endian, C order. default.h5 is written with
h5py's defaults (the 1.6 format: symbol tables, version 3 layouts, version 1 B-trees of chunks),
latest.h5 with libver="latest" (link messages, version 4 layouts).
"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
values = np.random.default_rng(3).standard_normal((37, 21)).astype(np.float32)
values.astype("<f4").tofile(os.path.join(out, "values.f32"))


def compact(group, name, data):
    """h5py's high-level API has no compact layout; its low-level one has."""
    plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    plist.set_layout(h5py.h5d.COMPACT)
    space = h5py.h5s.create_simple(data.shape)
    dataset = h5py.h5d.create(group.id, name.encode(), h5py.h5t.IEEE_F32LE, space, dcpl=plist)
    dataset.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(data))


with h5py.File(os.path.join(out, "default.h5"), "w") as f:
    f.create_dataset("contiguous", data=values)
    compact(f, "compact", values[:4])
    f.create_dataset("chunked", data=values, chunks=(8, 8))
    f.create_dataset("deflate", data=values, chunks=(10, 6), compression="gzip", compression_opts=6)
    f.create_dataset("shuffle", data=values, chunks=(16, 16), shuffle=True, compression="gzip")
    f.create_dataset("fletcher", data=values, chunks=(37, 21), fletcher32=True)
    f.create_dataset("doubles", data=values.astype(np.float64), chunks=(5, 5), compression="gzip")
    f.create_dataset("big_endian", data=values.astype(">f4"))
    f.create_dataset("half", data=values.astype(np.float16))
    f.create_dataset("partly_written", shape=(37, 21), chunks=(8, 8), dtype="f4")[0:8, 0:8] = values[0:8, 0:8]
    f.create_dataset("integers", data=np.arange(6, dtype=np.int32))
    f.create_dataset("lzf", data=values, chunks=(8, 8), compression="lzf")
    f.create_group("nested/deeper").create_dataset("leaf", data=values[0])
    f["nested"].attrs["names"] = ["a", "bb", "ccc"]
    f["nested"].attrs["fixed_names"] = np.array([b"x", b"yy"], dtype="S2")

with h5py.File(os.path.join(out, "latest.h5"), "w", libver="latest") as f:
    f.create_dataset("contiguous", data=values)
    f.create_dataset("single_chunk", data=values, chunks=(37, 21), compression="gzip")
    f.create_dataset("fixed_array", data=values, chunks=(8, 8))
    f.create_group("nested").create_dataset("leaf", data=values[0])
print("hdf5 fixtures written to", out)
