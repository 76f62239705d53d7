package org.ecdkit.classify;

import java.util.Arrays;
import org.ecdkit.classify.decode.TileDecoder;
import org.ecdkit.classify.merge.BlendedMerge;
import org.ecdkit.classify.merge.ClassifiedRows;
import org.ecdkit.classify.merge.CroppedMerge;
import org.ecdkit.classify.merge.TileMerge;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.pipeline.ProgressListener;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.runtime.ModelRunner;

/**
 * The tiles of a run's grid through the model into rows of classes: the one path every
 * classification takes, a whole image on one machine ({@link ClassificationJob}) or a window of one
 * on a cluster's executor ({@link ClassifyWindows}), so the two cannot decide a pixel differently.
 *
 * @param run      the tiling decided (its grid: the whole image's, or the rows of one window)
 * @param runner   the model, open
 * @param merge    crop or blend
 * @param findings warnings
 * @param progress told of each batch
 */
record TileClassification(TiledRun run, ModelRunner runner, MergeMode merge, FindingLog findings, ProgressListener progress) {

    /** Runs every tile of the grid and merges its classes into {@code rows}; rows the grid decides end written. */
    StageTimes into(ClassifiedRows rows) {
        int classes = run.definition().definition().classes().size();
        TileMerge tiles = merge == MergeMode.BLEND ? new BlendedMerge(run.grid(), rows, classes)
                : new CroppedMerge(run.grid(), rows);
        Layout layout = outputLayout();
        ClassifyTranslator translator = new ClassifyTranslator(tiles, shape -> decoder(layout, shape));
        StageTimes times = run.pipeline(runner, true, progress).run(translator);
        if (!rows.finished()) {
            throw new IllegalStateException("the tiles did not cover the image");
        }
        return times;
    }

    private Layout outputLayout() {
        ModelReference reference = run.definition().reference();
        TensorSpec output = reference.signature().output(reference.outputName())
                .orElseGet(() -> TensorSpec.read(reference.outputName(), ElementType.FLOAT32, Shape.unknownRank(),
                        new TensorLayout(Layout.NCHW, Confidence.GUESSED, "not recorded")));
        Layout layout = output.layout().layout();
        return layout == Layout.UNKNOWN ? Layout.NCHW : layout;
    }

    private TileDecoder decoder(Layout layout, long[] shape) {
        ModelReference reference = run.definition().reference();
        Layout actual = shape.length == 3 && (layout == Layout.NCHW || layout == Layout.NHWC) ? Layout.NHW : layout;
        try {
            TileDecoder decoder = new TileDecoder(reference.outputKind(), actual, shape,
                    run.definition().definition().classes().size(), run.tiles().modelHeight(), run.tiles().modelWidth());
            if (decoder.modelCrop() > run.tiles().padding()) {
                findings.accept(Finding.warning("model-crop", "the model crops " + decoder.modelCrop() + " pixels at each "
                        + "tile edge, more than the padding of " + run.tiles().padding()
                        + "; pixels it drops near cores are written as nodata"));
            }
            return decoder;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Place.of(run.definition().model()), "output \"" + reference.outputName()
                    + "\" of shape " + Arrays.toString(shape) + ": " + e.getMessage());
        }
    }
}
