package org.ecdkit.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.pipeline.ProgressListener;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.inference.tiling.TileSettings;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerSource;

/**
 * One raster's detection split into windows of its tile grid, each run on its own (a cluster's task),
 * then finished as one machine finishes it: a tile's kept boxes depend on that tile alone, so the
 * windows' boxes, joined in the grid's order, are the one machine's, and the same suppression across
 * tiles (window borders included) gives the same features.
 */
public final class DetectWindows {

    private DetectWindows() {
    }

    /** Checks what one machine would, decides the tiling, and cuts the grid into windows of {@code gridRows} rows. */
    public static WindowedDetection plan(Path definitionFile, String input, Path output, DetectOptions options, int gridRows,
            String engine, DetectListener listener) {
        if (gridRows < 1) {
            throw new UsageException("a window of " + gridRows + " tile rows; give 1 or more");
        }
        DetectOptions fixed = options.withRun(options.run().withCalibrate(false));
        FindingLog findings = new FindingLog(listener::noted);
        DetectObjects.Setup setup = DetectObjects.Setup.of(definitionFile, input, output, fixed, findings);
        try (RasterSource source = setup.run().source()) {
            TiledRun run = setup.run();
            DetectionPlan plan = DetectObjects.plan(setup, new RunnerDescription(engine, fixed.run().device(), 0), fixed);
            listener.planned(plan);
            List<TileRows> windows = new ArrayList<>();
            for (int first = 0; first < run.grid().rows(); first += gridRows) {
                windows.add(new TileRows(windows.size(), first, Math.min(run.grid().rows(), first + gridRows)));
            }
            return new WindowedDetection(plan, pin(fixed, run.tiles()), windows);
        }
    }

    private static DetectOptions pin(DetectOptions options, TileSettings tiles) {
        DetectOptions pinned = options.withPadding(tiles.padding());
        if (tiles.defaultTile()) {
            pinned = pinned.withTile(tiles.modelWidth());
        }
        return tiles.fixedBatch() ? pinned : pinned.withBatch(tiles.batch());
    }

    /** Runs one window's tiles with {@code pinned} options, the detector from {@code runners}. */
    public static DetectedWindow detect(Path definitionFile, String input, Path output, DetectOptions pinned, TileRows window,
            RunnerSource runners, ProgressListener progress) {
        long started = System.nanoTime();
        FindingLog findings = new FindingLog(finding -> { });
        DetectObjects.Setup setup = DetectObjects.Setup.of(definitionFile, input, output, pinned, findings);
        try (RasterSource source = setup.run().source()) {
            TiledRun whole = setup.run();
            TiledRun run = whole.withGrid(whole.grid().gridRows(window.first(), window.end()));
            try (ModelRunner runner = run.openRunner(setup.outputs().names(), runners)) {
                DetectionJob job = new DetectionJob(null, run, runner, setup.outputs(), output, pinned, setup.inputs(), findings,
                        DetectListener.SILENT);
                DetectTranslator translator = job.translator();
                StageTimes times = run.pipeline(runner, progress).run(translator);
                return new DetectedWindow(window.index(), translator.kept(), translator.cutAtEdges(), times.inferenceNanos(),
                        System.nanoTime() - started, times.batches());
            }
        }
    }

    /** Writes {@code output} from the windows {@link #detect} ran, given top to bottom, as one machine would. */
    public static DetectionSummary assemble(Path definitionFile, String input, Path output, DetectOptions pinned,
            List<DetectedWindow> windows, String engine, DetectListener listener) {
        FindingLog findings = new FindingLog(listener::noted);
        DetectObjects.Setup setup = DetectObjects.Setup.of(definitionFile, input, output, pinned, findings);
        try (RasterSource source = setup.run().source()) {
            DetectionPlan plan = DetectObjects.plan(setup, new RunnerDescription(engine, pinned.run().device(), 0), pinned);
            List<Detection> kept = new ArrayList<>();
            long cut = 0;
            long inference = 0;
            long wall = 0;
            int batches = 0;
            int expected = 0;
            for (DetectedWindow window : windows) {
                if (window.index() != expected++) {
                    throw new IllegalStateException("window " + window.index() + " where window " + (expected - 1) + " belongs");
                }
                kept.addAll(window.kept());
                cut += window.cutAtEdges();
                inference += window.inferenceNanos();
                wall += window.wallNanos();
                batches += window.batches();
            }
            return new DetectionJob(plan, setup.run(), null, setup.outputs(), output, pinned, setup.inputs(), findings, listener)
                    .finish(kept, cut, new StageTimes(0, inference, 0, wall, batches, 0));
        }
    }
}
