package org.ecdkit.classify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.ecdkit.runtime.Device;

/**
 * Choices for a classification; each defaults to what the definition or the model says.
 *
 * @param tile              tile side fed to the model (default: the model's fixed size, the definition's
 *                          ImageHeight/ImageWidth, or 512)
 * @param padding           context pixels on each side of a tile's core (default: ModelPadding, or a
 *                          sixteenth of the tile); in blend mode tiles overlap by twice this
 * @param batch             tiles per run call (default: MiniBatchSize)
 * @param threads           threads for the runtime (0: one per core)
 * @param bands             1-based bands to feed, in order (default: ExtractBands, or the first bands)
 * @param nodata            the output's nodata value (default: 0, or the type's largest value, if unused)
 * @param merge             crop or blend
 * @param device            where the runtime computes
 * @param allowChangedModel run a model whose SHA-256 no longer matches the definition, with a warning
 * @param preview           a PNG picture of the result with a legend, if wanted
 */
public record ClassifyOptions(OptionalInt tile, OptionalInt padding, OptionalInt batch, int threads,
        List<Integer> bands, OptionalLong nodata, MergeMode merge, Device device, boolean allowChangedModel,
        Optional<Path> preview) {

    public static final ClassifyOptions DEFAULT = new ClassifyOptions(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty(), 0, List.of(), OptionalLong.empty(), MergeMode.CROP, Device.CPU, false, Optional.empty());

    public ClassifyOptions {
        bands = List.copyOf(bands);
        if (threads < 0) {
            throw new IllegalArgumentException("a thread count of 0 (one per core) or more, not " + threads);
        }
    }

    public ClassifyOptions withTile(int side) {
        return new ClassifyOptions(OptionalInt.of(side), padding, batch, threads, bands, nodata, merge, device, allowChangedModel, preview);
    }

    public ClassifyOptions withPadding(int pixels) {
        return new ClassifyOptions(tile, OptionalInt.of(pixels), batch, threads, bands, nodata, merge, device, allowChangedModel, preview);
    }

    public ClassifyOptions withBatch(int tiles) {
        return new ClassifyOptions(tile, padding, OptionalInt.of(tiles), threads, bands, nodata, merge, device, allowChangedModel, preview);
    }

    public ClassifyOptions withThreads(int count) {
        return new ClassifyOptions(tile, padding, batch, count, bands, nodata, merge, device, allowChangedModel, preview);
    }

    public ClassifyOptions withBands(List<Integer> oneBased) {
        return new ClassifyOptions(tile, padding, batch, threads, oneBased, nodata, merge, device, allowChangedModel, preview);
    }

    public ClassifyOptions withNodata(long value) {
        return new ClassifyOptions(tile, padding, batch, threads, bands, OptionalLong.of(value), merge, device, allowChangedModel, preview);
    }

    public ClassifyOptions withMerge(MergeMode mode) {
        return new ClassifyOptions(tile, padding, batch, threads, bands, nodata, mode, device, allowChangedModel, preview);
    }

    public ClassifyOptions withDevice(Device where) {
        return new ClassifyOptions(tile, padding, batch, threads, bands, nodata, merge, where, allowChangedModel, preview);
    }

    public ClassifyOptions withAllowChangedModel(boolean allow) {
        return new ClassifyOptions(tile, padding, batch, threads, bands, nodata, merge, device, allow, preview);
    }

    public ClassifyOptions withPreview(Path png) {
        return new ClassifyOptions(tile, padding, batch, threads, bands, nodata, merge, device, allowChangedModel, Optional.of(png));
    }
}
