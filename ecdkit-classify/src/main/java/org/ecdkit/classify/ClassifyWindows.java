package org.ecdkit.classify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.classify.merge.ClassifiedRows;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.inference.RunnableDefinition;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.pipeline.ProgressListener;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.inference.tiling.TileSettings;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.tiff.ClassifiedTiffWriter;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerSource;

/**
 * One raster classified as windows of whole output-tile rows, each computed on its own (a cluster's
 * task), then assembled into the file {@link ClassifyRaster} writes, byte for byte: {@link #plan}
 * decides the tiling once, {@link #classify} runs one window's tiles through the same pipeline and
 * merge as one machine (the tiles whose cores, or in blend mode windows, meet its rows: a halo of one
 * tile row, computed by both neighbours), and {@link #assemble} copies the windows' encoded tiles
 * into the output and finishes it (overviews, attribute table, sidecars) as one machine does.
 *
 * <pre>{@code
 * WindowedClassification planned = ClassifyWindows.plan(ecd, "scene.tif", out, options, 16, "2 threads", listener);
 * List<ClassifiedWindow> done = planned.windows().stream()          // each on any machine
 *         .map(w -> ClassifyWindows.classify(ecd, "scene.tif", planned.pinned(), w, RunnerSource.OPEN, progress))
 *         .toList();
 * ClassifyWindows.assemble(ecd, "scene.tif", out, planned.pinned(), done, "on 2 executors", listener);
 * }</pre>
 */
public final class ClassifyWindows {

    private ClassifyWindows() {
    }

    /**
     * Checks everything one machine's classify would before its first tile, decides the tiling, and
     * cuts the output into windows of {@code windowTileRows} rows of output tiles.
     *
     * @param engine what computes the windows, for the plan ("Spark, 2 executors")
     */
    public static WindowedClassification plan(Path definitionFile, String input, Path output, ClassifyOptions options,
            int windowTileRows, String engine, ClassifyListener listener) {
        if (windowTileRows < 1) {
            throw new UsageException("a window of " + windowTileRows + " tile rows; give 1 or more");
        }
        if (options.preview().isPresent()) {
            throw new UsageException("--preview is drawn by one machine from the whole raster; leave it out when the "
                    + "raster is split into windows, and draw one from the output (gdal_translate -outsize 1024 0 -of PNG)");
        }
        ClassifyOptions fixed = options.withRun(options.run().withCalibrate(false));
        FindingLog findings = new FindingLog(listener::noted);
        ClassifyRaster.Setup setup = ClassifyRaster.Setup.of(definitionFile, input, output, fixed, findings);
        try (RasterSource source = setup.source()) {
            TiledRun run = setup.prepared();
            ClassificationPlan plan = ClassifyRaster.plan(run, new RunnerDescription(engine, fixed.run().device(), 0), fixed,
                    setup.values());
            listener.planned(plan);
            int rows = windowTileRows * ClassifyRaster.OUTPUT_TILE;
            List<OutputWindow> windows = new ArrayList<>();
            for (int top = 0; top < source.height(); top += rows) {
                windows.add(new OutputWindow(windows.size(), top, Math.min(source.height(), top + rows)));
            }
            return new WindowedClassification(plan, pin(fixed, run.tiles()), windows);
        }
    }

    /** {@code options} with the tiling decided: a task elsewhere must cut the same grid, whatever its defaults. */
    private static ClassifyOptions pin(ClassifyOptions options, TileSettings tiles) {
        ClassifyOptions pinned = options.withPadding(tiles.padding());
        if (tiles.defaultTile()) {
            pinned = pinned.withTile(tiles.modelWidth());
        }
        return tiles.fixedBatch() ? pinned : pinned.withBatch(tiles.batch());
    }

    /** Classifies one window of {@link #plan}'s, with {@code pinned} options, its runner from {@code runners}. */
    public static ClassifiedWindow classify(Path definitionFile, String input, ClassifyOptions pinned, OutputWindow window,
            RunnerSource runners, ProgressListener progress) {
        long started = System.nanoTime();
        FindingLog findings = new FindingLog(finding -> { });
        RunnableDefinition runnable = ClassifyRaster.runnable(definitionFile, pinned, findings);
        try (RasterSource source = RasterSources.open(input)) {
            TiledRun whole = ClassifyRaster.prepare(runnable, source, pinned, findings);
            TiledRun run = whole.withGrid(whole.grid().rowsBetween(window.top(), window.bottom()));
            OutputValues values = OutputValues.choose(runnable.definition(), pinned.nodata());
            int tile = ClassifyRaster.OUTPUT_TILE;
            int tilesAcross = (source.width() + tile - 1) / tile;
            List<byte[]> tiles = new ArrayList<>();
            ClassifiedRows rows = new ClassifiedRows((column, row, tileValues) -> tiles.add(
                    ClassifiedTiffWriter.encodeTile(values.type(), tileValues)), source.width(), window.top(), window.bottom(),
                    tile, Math.max(run.tiles().tileHeight(), run.tiles().modelHeight()), values.classValues(), values.nodata(),
                    org.ecdkit.classify.merge.RowListener.NONE);
            StageTimes times;
            try (ModelRunner runner = run.openRunner(List.of(runnable.reference().outputName()), runners)) {
                times = new TileClassification(run, runner, pinned.merge(), findings, progress).into(rows);
            }
            return new ClassifiedWindow(window.index(), window.top(), window.bottom(), tilesAcross, tiles, rows.counts(),
                    rows.nodataPixels(), times.inferenceNanos(), System.nanoTime() - started, times.batches());
        }
    }

    /**
     * Writes {@code output} from the windows {@link #classify} computed, given top to bottom, and
     * finishes it as one machine's classify does; the windows are read once, in order, so they may be
     * read from files one at a time. The output appears only when complete.
     */
    public static ClassificationSummary assemble(Path definitionFile, String input, Path output, ClassifyOptions pinned,
            Iterable<ClassifiedWindow> windows, String engine, ClassifyListener listener) {
        FindingLog findings = new FindingLog(listener::noted);
        ClassifyRaster.Setup setup = ClassifyRaster.Setup.of(definitionFile, input, output, pinned, findings);
        try (RasterSource source = setup.source()) {
            TiledRun run = setup.prepared();
            ClassificationPlan plan = ClassifyRaster.plan(run, new RunnerDescription(engine, Device.CPU, 0), pinned,
                    setup.values());
            return new ClassificationJob(plan, run, null, setup.values(), setup.files(), pinned, setup.inputs(), findings,
                    listener, channel -> channel).assemble(windows);
        }
    }
}
