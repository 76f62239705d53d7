package org.ecdkit.classify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ecdkit.inference.TiledOptions;
import org.ecdkit.runtime.Device;

/**
 * Choices for a classification; each defaults to what the definition or the model says.
 *
 * @param run     tile, padding, batch, threads, bands, device: shared with detect (in blend mode
 *                tiles overlap by twice the padding)
 * @param nodata  the output's nodata value (default: 0, or the type's largest value, if unused)
 * @param merge   crop or blend
 * @param preview a PNG picture of the result with a legend, if wanted
 */
public record ClassifyOptions(TiledOptions run, OptionalLong nodata, MergeMode merge, Optional<Path> preview) {

    public static final ClassifyOptions DEFAULT = new ClassifyOptions(TiledOptions.DEFAULT, OptionalLong.empty(),
            MergeMode.CROP, Optional.empty());

    public ClassifyOptions withRun(TiledOptions value) {
        return new ClassifyOptions(value, nodata, merge, preview);
    }

    public ClassifyOptions withTile(int side) {
        return withRun(run.withTile(side));
    }

    public ClassifyOptions withPadding(int pixels) {
        return withRun(run.withPadding(pixels));
    }

    public ClassifyOptions withBatch(int tiles) {
        return withRun(run.withBatch(tiles));
    }

    public ClassifyOptions withThreads(int count) {
        return withRun(run.withThreads(count));
    }

    public ClassifyOptions withBands(List<Integer> oneBased) {
        return withRun(run.withBands(oneBased));
    }

    public ClassifyOptions withDevice(Device where) {
        return withRun(run.withDevice(where));
    }

    public ClassifyOptions withAllowChangedModel(boolean allow) {
        return withRun(run.withAllowChangedModel(allow));
    }

    public ClassifyOptions withNodata(long value) {
        return new ClassifyOptions(run, OptionalLong.of(value), merge, preview);
    }

    public ClassifyOptions withMerge(MergeMode mode) {
        return new ClassifyOptions(run, nodata, mode, preview);
    }

    public ClassifyOptions withPreview(Path png) {
        return new ClassifyOptions(run, nodata, merge, Optional.of(png));
    }
}
