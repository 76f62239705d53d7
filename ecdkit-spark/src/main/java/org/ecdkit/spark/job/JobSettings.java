package org.ecdkit.spark.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.MergeMode;
import org.ecdkit.detect.DetectOptions;
import org.ecdkit.detect.output.FeatureFormat;
import org.ecdkit.inference.TiledOptions;
import org.ecdkit.inference.tiling.NodataRule;
import org.ecdkit.runtime.Device;

/**
 * A classify or detect job's options as plain values, which Spark ships to executors (the options'
 * records hold {@code Optional}s, which Java does not serialise) and the manifest records, so a re-run
 * with other options is not mistaken for the same job.
 *
 * @param detect           whether the job detects objects (else it classifies pixels)
 * @param tile             the tile side, or 0 for the definition's or the default
 * @param padding          the padding, or -1 for the definition's or the default
 * @param batch            the batch, or 0 for the definition's
 * @param threads          runtime threads per task, 0 for the executor's cores shared among its task slots
 * @param bands            1-based bands fed, empty for the definition's
 * @param device           where the runtime computes
 * @param allowChangedModel run a model whose digest changed, with a warning
 * @param nodataRule       which pixels the input's nodata makes missing
 * @param allowUngeoreferenced run on imagery without georeferencing
 * @param nodata           classify: the output's nodata value, or null for the default
 * @param merge            classify: crop or blend
 * @param threshold        detect: the lowest confidence kept
 * @param nmsOverlap       detect: the IoU above which a weaker box is dropped
 * @param format           detect: the feature format's id
 * @param simplify         detect: outline simplification in pixels
 */
public record JobSettings(boolean detect, int tile, int padding, int batch, int threads, List<Integer> bands, Device device,
        boolean allowChangedModel, NodataRule nodataRule, boolean allowUngeoreferenced, Long nodata, MergeMode merge,
        double threshold, double nmsOverlap, String format, double simplify) implements Serializable {

    private static final long serialVersionUID = 1L;

    public JobSettings {
        bands = List.copyOf(new ArrayList<>(bands));
    }

    public static JobSettings of(ClassifyOptions options) {
        TiledOptions run = options.run();
        return new JobSettings(false, run.tile().orElse(0), run.padding().orElse(-1), run.batch().orElse(0), run.threads(),
                run.bands(), run.device(), run.allowChangedModel(), run.nodataRule(), run.allowUngeoreferenced(),
                options.nodata().isPresent() ? options.nodata().getAsLong() : null, options.merge(), 0, 0, "", 0);
    }

    public static JobSettings of(DetectOptions options) {
        TiledOptions run = options.run();
        return new JobSettings(true, run.tile().orElse(0), run.padding().orElse(-1), run.batch().orElse(0), run.threads(),
                run.bands(), run.device(), run.allowChangedModel(), run.nodataRule(), run.allowUngeoreferenced(), null,
                MergeMode.CROP, options.threshold(), options.nmsOverlap(), options.format().id(), options.simplify());
    }

    /** The same settings with {@code count} runtime threads. */
    public JobSettings withThreads(int count) {
        return new JobSettings(detect, tile, padding, batch, count, bands, device, allowChangedModel, nodataRule,
                allowUngeoreferenced, nodata, merge, threshold, nmsOverlap, format, simplify);
    }

    /** The tiling options; never calibrated (every task must cut the grid one machine would, with these options). */
    public TiledOptions run() {
        return new TiledOptions(tile > 0 ? OptionalInt.of(tile) : OptionalInt.empty(),
                padding >= 0 ? OptionalInt.of(padding) : OptionalInt.empty(), batch > 0 ? OptionalInt.of(batch) : OptionalInt.empty(),
                threads, bands, device, allowChangedModel, false, nodataRule, allowUngeoreferenced);
    }

    public ClassifyOptions classify() {
        return new ClassifyOptions(run(), nodata == null ? OptionalLong.empty() : OptionalLong.of(nodata), merge,
                java.util.Optional.empty());
    }

    public DetectOptions detectOptions() {
        return new DetectOptions(run(), threshold, nmsOverlap, FeatureFormat.byId(format).orElseThrow(), simplify);
    }

    /**
     * What decides the outputs' bytes, as text for the manifest: threads and the batch are left out (a
     * batch's tiles are computed independently: they change the speed, not a pixel); the device is in
     * (a GPU's float arithmetic may decide a near-tie otherwise), and so is the rest.
     */
    public String fingerprint() {
        return String.format(Locale.ROOT, "%s tile=%d padding=%d bands=%s device=%s nodataRule=%s ungeoreferenced=%b %s",
                detect ? "detect" : "classify", tile, padding, bands, device.label(), nodataRule, allowUngeoreferenced,
                detect ? String.format(Locale.ROOT, "threshold=%s nms=%s format=%s simplify=%s", threshold, nmsOverlap, format,
                        simplify) : "nodata=" + nodata + " merge=" + merge);
    }
}
