package org.ecdkit.detect;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.format.definition.DetectionOutputsJson;
import org.ecdkit.inference.MemoryBudget;
import org.ecdkit.inference.RunnableDefinition;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.inference.tiling.TileSettings;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerSource;

/**
 * ArcGIS's <i>Detect Objects</i> for deep-learning definitions: runs an object detector over
 * imagery of any size in overlapping tiles, keeps each object from a tile that sees it whole,
 * suppresses duplicates across tile borders, and writes one polygon per object, in the raster's
 * CRS, with its class and confidence. The tiles go through the same pipeline as classify's, so
 * reading, inference and decoding overlap.
 *
 * <pre>{@code
 * DetectionSummary done = DetectObjects.run(Path.of("trees.ecd"), Path.of("scene.tif"),
 *         Path.of("trees.geojson"), DetectOptions.DEFAULT, DetectListener.SILENT);
 * }</pre>
 */
public final class DetectObjects {

    /** Boxes assumed per output when the model leaves their number free, for the memory budget. */
    private static final long ASSUMED_BOXES = 1000;

    private DetectObjects() {
    }

    public static DetectionSummary run(Path definitionFile, Path input, Path output, DetectOptions options,
            DetectListener listener) {
        return run(definitionFile, input.toString(), output, options, listener);
    }

    /** Detects in {@code input}, a local path or a URL a {@link org.ecdkit.raster.io.RemoteStore} reads. */
    public static DetectionSummary run(Path definitionFile, String input, Path output, DetectOptions options,
            DetectListener listener) {
        return run(definitionFile, input, output, options, listener, RunnerSource.OPEN);
    }

    /** The same, with the detector's runner from {@code runners} (a pool kept open across scenes). */
    public static DetectionSummary run(Path definitionFile, String input, Path output, DetectOptions options,
            DetectListener listener, RunnerSource runners) {
        FindingLog findings = new FindingLog(listener::noted);
        Setup setup = Setup.of(definitionFile, input, output, options, findings);
        try (RasterSource source = setup.run().source()) {
            TiledRun run = setup.run();
            try (ModelRunner runner = run.openRunner(setup.outputs().names(), runners)) {
                DetectionPlan plan = plan(setup, runner.description(), options);
                listener.planned(plan);
                return new DetectionJob(plan, run, runner, setup.outputs(), output, options, setup.inputs(), findings, listener)
                        .detect();
            }
        }
    }

    /**
     * What a detection decides before its first tile, for one machine and for windows alike: the
     * definition (its model's digest checked) and its outputs, the imagery (open: close it), the
     * inputs the output may not replace, and the tiling.
     */
    record Setup(RunnableDefinition runnable, DetectionOutputs outputs, Set<Path> inputs, TiledRun run) {

        static Setup of(Path definitionFile, String input, Path output, DetectOptions options, FindingLog findings) {
            List<Path> named = RasterSources.isRemote(input) ? List.of(definitionFile) : List.of(definitionFile, Path.of(input));
            AtomicOutput.checkTarget(output, named);
            RasterSource source = RasterSources.open(input);
            try {
                Set<Path> inputs = new LinkedHashSet<>(named);
                inputs.addAll(source.files());
                AtomicOutput.checkTarget(output, inputs);
                RunnableDefinition runnable = RunnableDefinition.open(definitionFile, options.run().allowChangedModel(), findings);
                DetectionOutputs outputs = DetectObjects.outputs(definitionFile, runnable);
                checkAgainstClasses(definitionFile, runnable, outputs);
                inputs.addAll(runnable.modelFiles());
                AtomicOutput.checkTarget(output, inputs);
                TiledRun run = TiledRun.prepare(runnable, source, options.run(), TiledRun.Grid.CROPPED,
                        memoryNeeds(runnable, outputs), findings);
                return new Setup(runnable, outputs, inputs, run);
            } catch (RuntimeException | Error e) {
                source.close();
                throw e;
            }
        }
    }

    static DetectionPlan plan(Setup setup, RunnerDescription runner, DetectOptions options) {
        TiledRun run = setup.run();
        RasterSource source = run.source();
        return new DetectionPlan(source.name(), source.summary(), run.bands().description(), run.definition().file(),
                setup.runnable().model(), runner, setup.outputs(), run.tiles().modelWidth(), run.tiles().modelHeight(),
                2 * run.tiles().padding(), run.tiles().batch(), run.grid().count(),
                source.nodata().isPresent() || source.sampleType().isFloatingPoint() ? run.knownEmptyTiles() : -1,
                options.threshold(), options.nmsOverlap(), options.format(), setup.runnable().definition().classes().size());
    }

    /** The detector's outputs: named in the definition, else found by their conventional names. */
    static DetectionOutputs outputs(Path definitionFile, RunnableDefinition runnable) {
        return DetectionOutputsJson.read(runnable.definition().extras(), Place.of(definitionFile))
                .or(() -> DetectionOutputs.find(runnable.reference().signature()))
                .orElseThrow(() -> new UnsupportedInputException(Place.of(definitionFile), "the model's outputs ("
                        + String.join(", ", runnable.reference().signature().outputs().stream().map(t -> t.name()).toList())
                        + ") are not an object detector's that ecdkit reads; name them in the definition's "
                        + DetectionOutputsJson.KEY + " ({\"Boxes\": ..., \"Scores\": ..., \"Classes\": ...}, or "
                        + "{\"Convention\": \"yolo-v8\", \"Predictions\": ...})"));
    }

    /** A YOLO output whose candidate vectors do not hold a score per class is refused before any tile is read. */
    private static void checkAgainstClasses(Path definitionFile, RunnableDefinition runnable, DetectionOutputs outputs) {
        int classes = runnable.definition().classes().size();
        runnable.reference().signature().output(outputs.boxes()).flatMap(predictions -> outputs.yoloMismatch(predictions, classes))
                .ifPresent(problem -> {
                    throw new MismatchException(List.of(definitionFile + " lists " + classes + " classes but " + problem));
                });
    }

    /** A detector's outputs are a few values per box; nothing else of size is held but the boxes kept. */
    private static TiledRun.MemoryNeeds memoryNeeds(RunnableDefinition runnable, DetectionOutputs outputs) {
        long values = 0;
        for (String name : outputs.names()) {
            values += runnable.reference().signature().output(name).map(DetectObjects::valuesPerItem).orElse(ASSUMED_BOXES * 4);
        }
        long perTile = values;
        return new TiledRun.MemoryNeeds() {
            @Override
            public long outputValuesPerTile(TileSettings tiles) {
                return perTile;
            }

            @Override
            public List<MemoryBudget.Part> heapParts(TileSettings tiles, TileGrid grid) {
                return List.of();
            }
        };
    }

    private static long valuesPerItem(TensorSpec output) {
        if (!output.shape().rankKnown()) {
            return ASSUMED_BOXES * 4;
        }
        long values = 1;
        for (int axis = 1; axis < output.shape().rank(); axis++) {
            Dim dim = output.shape().dim(axis);
            values = Math.multiplyExact(values, dim.isFixed() ? Math.max(1, dim.sizeOrMinusOne()) : ASSUMED_BOXES);
        }
        return values;
    }
}
