"""The script a user would write instead of ecdkit: GDAL reads windows, ONNX Runtime scores batches of
tiles, numpy takes the argmax, GDAL writes a tiled, Deflate-compressed, colour-mapped GeoTIFF.

    python3 classify_gdal_ort.py MODEL.onnx INPUT.tif OUTPUT.tif TILE PADDING BATCH THREADS CLASSES

Tiles are cut as ecdkit cuts them (cores of TILE - 2 * PADDING partition the image; each window adds
the padding and is shifted inward at the image's edges), so both outputs can be compared pixel for
pixel: class values are 1..CLASSES, the argmax's index plus one. Session options are ecdkit's
(all graph optimisations, THREADS intra-op threads, one inter-op, sequential). Prints one line:
"wall S run S tiles N calls N" (wall from opening the input to closing the output, run: the time
inside session.run).
"""
import sys
import time

import numpy as np
import onnxruntime as ort
from osgeo import gdal


def starts(size, core, padding, tile):
    """(core start, core length, window start, window length) along one axis, as ecdkit cuts."""
    if size <= tile:
        return [(0, size, 0, size)]
    cuts = []
    for c in range(0, size, core):
        window = max(0, min(c - padding, size - tile))
        cuts.append((c, min(core, size - c), window, tile))
    return cuts


def main():
    model, source, target = sys.argv[1:4]
    tile, padding, batch, threads, classes = map(int, sys.argv[4:9])
    t0 = time.perf_counter()
    settings = ort.SessionOptions()
    settings.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    settings.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    settings.intra_op_num_threads = threads
    settings.inter_op_num_threads = 1
    session = ort.InferenceSession(model, settings, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name

    gdal.UseExceptions()
    image = gdal.Open(source)
    width, height, bands = image.RasterXSize, image.RasterYSize, image.RasterCount
    out = gdal.GetDriverByName("GTiff").Create(target, width, height, 1, gdal.GDT_Byte,
                                               ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"])
    out.SetGeoTransform(image.GetGeoTransform())
    out.SetProjection(image.GetProjection())
    band = out.GetRasterBand(1)
    band.SetNoDataValue(0)
    colours = gdal.ColorTable()
    for c in range(classes):
        colours.SetColorEntry(c + 1, (40 * c, 200 - 30 * c, 90, 255))
    band.SetRasterColorTable(colours)

    tiles = [(x, y) for y in starts(height, tile - 2 * padding, padding, tile)
             for x in starts(width, tile - 2 * padding, padding, tile)]
    th, tw = min(tile, height), min(tile, width)
    run = 0.0
    calls = 0
    for first in range(0, len(tiles), batch):
        group = tiles[first:first + batch]
        data = np.empty((len(group), bands, th, tw), dtype=np.float32)
        for k, ((_, _, wx, ww), (_, _, wy, wh)) in enumerate(group):
            data[k] = image.ReadAsArray(wx, wy, ww, wh).reshape(bands, wh, ww)
        r0 = time.perf_counter()
        scores = session.run(None, {name: data})[0]
        run += time.perf_counter() - r0
        calls += 1
        labels = (scores.argmax(axis=1) + 1).astype(np.uint8)
        for k, ((cx, cw, wx, _), (cy, ch, wy, _)) in enumerate(group):
            band.WriteArray(labels[k, cy - wy:cy - wy + ch, cx - wx:cx - wx + cw], cx, cy)
    band = None
    out = None
    print("wall %.3f run %.3f tiles %d calls %d" % (time.perf_counter() - t0, run, len(tiles), calls))


if __name__ == "__main__":
    main()
