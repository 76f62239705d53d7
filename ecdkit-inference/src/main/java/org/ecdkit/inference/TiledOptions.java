package org.ecdkit.inference;

import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.inference.tiling.NodataRule;
import org.ecdkit.runtime.Device;

/**
 * How a run over imagery is cut and computed, shared by classify and detect; each choice left empty
 * defaults to what the definition or the model says.
 *
 * @param tile              tile side fed to the model (the model's fixed size, the definition's
 *                          ImageHeight/ImageWidth, or 512)
 * @param padding           context pixels on each side of a tile's core (ModelPadding, or a sixteenth
 *                          of the tile)
 * @param batch             tiles per run call (MiniBatchSize)
 * @param threads           threads for the runtime (0: one per core; more than the cores is capped)
 * @param bands             1-based bands to feed, in order (ExtractBands, or all)
 * @param device            where the runtime computes
 * @param allowChangedModel run a model whose SHA-256 no longer matches the definition, with a warning
 * @param calibrate         where neither tile nor batch is given, time a few settings on the run's own
 *                          model and pixels and take the fastest ({@link TiledRun#calibrated}); off by
 *                          default for a library, on in the command line
 * @param nodataRule        which pixels the input's nodata value makes missing (all fed bands holding
 *                          it, as GDAL reads per-band nodata; or any)
 * @param allowUngeoreferenced run on imagery that says nowhere where it lies (no transform and no
 *                          RPCs), whose outputs are then in pixel coordinates; refused otherwise
 */
public record TiledOptions(OptionalInt tile, OptionalInt padding, OptionalInt batch, int threads, List<Integer> bands,
        Device device, boolean allowChangedModel, boolean calibrate, NodataRule nodataRule, boolean allowUngeoreferenced) {

    public static final TiledOptions DEFAULT = new TiledOptions(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty(), 0, List.of(), Device.CPU, false, false, NodataRule.ALL_BANDS, false);

    public TiledOptions {
        bands = List.copyOf(bands);
        if (threads < 0) {
            throw new IllegalArgumentException("a thread count of 0 (one per core) or more, not " + threads);
        }
    }

    public TiledOptions withTile(int side) {
        return new TiledOptions(OptionalInt.of(side), padding, batch, threads, bands, device, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withPadding(int pixels) {
        return new TiledOptions(tile, OptionalInt.of(pixels), batch, threads, bands, device, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withBatch(int tiles) {
        return new TiledOptions(tile, padding, OptionalInt.of(tiles), threads, bands, device, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withThreads(int count) {
        return new TiledOptions(tile, padding, batch, count, bands, device, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withBands(List<Integer> oneBased) {
        return new TiledOptions(tile, padding, batch, threads, oneBased, device, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withDevice(Device where) {
        return new TiledOptions(tile, padding, batch, threads, bands, where, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withAllowChangedModel(boolean allow) {
        return new TiledOptions(tile, padding, batch, threads, bands, device, allow, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withCalibrate(boolean calibrate) {
        return new TiledOptions(tile, padding, batch, threads, bands, device, allowChangedModel, calibrate, nodataRule, allowUngeoreferenced);
    }

    public TiledOptions withAllowUngeoreferenced(boolean allow) {
        return new TiledOptions(tile, padding, batch, threads, bands, device, allowChangedModel, calibrate, nodataRule, allow);
    }

    public TiledOptions withNodataRule(NodataRule rule) {
        return new TiledOptions(tile, padding, batch, threads, bands, device, allowChangedModel, calibrate, rule, allowUngeoreferenced);
    }
}
