package org.ecdkit.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.ecdkit.core.error.ResourceException;
import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.calibration.Calibration;
import org.ecdkit.inference.calibration.CalibrationStore;
import org.ecdkit.inference.calibration.TileCalibration;
import org.ecdkit.inference.pipeline.CoreSharing;
import org.ecdkit.inference.pipeline.ProgressListener;
import org.ecdkit.inference.pipeline.TilePipeline;
import org.ecdkit.inference.tiling.InputScaling;
import org.ecdkit.inference.tiling.Tile;
import org.ecdkit.inference.tiling.TileEncoder;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.inference.tiling.TileSettings;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnerSource;
import org.ecdkit.runtime.RunnerOptions;

/**
 * A run over imagery as decided before the first tile is read, the same for classify and detect:
 * which bands feed the model, tile size, padding and batch, how many runtime threads, how the
 * windows cover the image, and a memory budget that fits this JVM (a batch, then a default tile,
 * shrinks until it does, else the run is refused saying how much it needs).
 *
 * <pre>{@code
 * TiledRun run = TiledRun.prepare(definition, source, options, TiledRun.Grid.CROPPED, needs, findings::add);
 * try (ModelRunner runner = run.openRunner(List.of(definition.reference().outputName()))) {
 *     StageTimes times = run.pipeline(runner, listener).run(translator);
 * }
 * }</pre>
 *
 * @param definition the definition, its model verified
 * @param source     the imagery
 * @param bands      the bands fed, and why
 * @param tiles      tile size, padding and batch
 * @param scaling    how samples are scaled before the model sees them
 * @param grid       the windows, in order
 * @param threads    runtime threads
 * @param options    the options the run was asked with (with {@link TiledOptions#calibrate}, call
 *                   {@link #calibrated} once the runner is open)
 * @param budget      the memory the run will hold at its peak
 * @param calibration how the tile and batch were calibrated, where they were ({@link #calibrated})
 */
public record TiledRun(RunnableDefinition definition, RasterSource source, BandSelection bands, TileSettings tiles,
        InputScaling scaling, TileGrid grid, int threads, TiledOptions options, MemoryBudget budget,
        Optional<Calibration> calibration) {

    /** The smallest tile a default tile shrinks to for memory. */
    static final int SMALLEST_DEFAULT_TILE = 64;

    /** How windows cover the image. */
    public enum Grid {
        /** Cores partition the image; each window adds the padding around its core. */
        CROPPED,
        /** Windows overlap by twice the padding and all of each counts, weighted. */
        BLENDED
    }

    /** What a run's consumer adds to its memory, besides the pipeline's own batches and outputs. */
    public interface MemoryNeeds {

        /** Values per batch slot of the model's outputs, for tiles of {@code tiles} (an upper bound). */
        long outputValuesPerTile(TileSettings tiles);

        /** What the consumer holds on the heap for {@code grid} (merge buffers, rows of output). */
        List<MemoryBudget.Part> heapParts(TileSettings tiles, TileGrid grid);
    }

    /**
     * Decides everything before the first tile, telling {@code noted} what it changed or doubts.
     * Checks cost no reading of imagery.
     */
    public static TiledRun prepare(RunnableDefinition definition, RasterSource source, TiledOptions options, Grid shape,
            MemoryNeeds needs, Consumer<Finding> noted) {
        return prepare(definition, source, options, shape, needs, noted, MemoryBudget.heapLimit(), MemoryBudget.directLimit());
    }

    /**
     * Refuses imagery that says nowhere where it lies, unless asked to run on it: its output would lie
     * nowhere on a map, which a user finds out only when it does not line up. RPCs place a sensor image.
     */
    private static void requirePlaced(RasterSource source, TiledOptions options) {
        if (options.allowUngeoreferenced() || source.geoReference().transform().isPresent() || source.geoReference().rpc().isPresent()) {
            return;
        }
        throw new org.ecdkit.core.error.InvalidInputException(org.ecdkit.core.error.Place.remote(source.name()),
                "has no georeferencing (no GeoTIFF tags, no .aux.xml, no world file, no RPCs), so its output would lie nowhere "
                        + "on a map; georeference it (e.g. gdal_edit.py -a_srs EPSG:CODE -a_ullr ULX ULY LRX LRY), or pass "
                        + "--allow-ungeoreferenced to work in pixel coordinates");
    }

    /** The same, for a JVM that may use {@code heapLimit} bytes of heap and {@code directLimit} of direct memory. */
    static TiledRun prepare(RunnableDefinition definition, RasterSource source, TiledOptions options, Grid shape,
            MemoryNeeds needs, Consumer<Finding> noted, long heapLimit, long directLimit) {
        BandSelection bands = BandSelection.choose(definition.file(), definition.definition(), source, options.bands());
        requirePlaced(source, options);
        List<Finding> settingFindings = new ArrayList<>();
        TileSettings wanted = TileSettings.choose(definition.definition(), definition.input(), source.width(),
                source.height(), options.tile(), options.padding(), options.batch(), settingFindings);
        settingFindings.forEach(noted);
        int threads = threads(options, noted);
        InputScaling scaling = InputScaling.forDefinition(definition.definition(), source);

        TileSettings tiles = wanted;
        int defaultSide = TileSettings.DEFAULT_TILE;
        while (true) {
            TileGrid grid = grid(shape, source, tiles);
            if (!tiles.fixedBatch() && tiles.batch() > grid.count()) {
                // A batch larger than the grid only wastes memory.
                tiles = tiles.withBatch(grid.count());
            }
            MemoryBudget budget = budget(source, bands, tiles, grid, needs);
            if (budget.fits(heapLimit, directLimit)) {
                if (tiles.batch() < Math.min(wanted.batch(), grid.count()) || tiles.tileWidth() < wanted.tileWidth()) {
                    noted.accept(Finding.warning("memory", String.format(Locale.ROOT, "to fit this JVM's %s of heap and "
                            + "%s of direct memory, %s (a larger -Xmx, through ECDKIT_JAVA_OPTS, keeps what was asked)",
                            MemoryBudget.mebibytes(heapLimit), MemoryBudget.mebibytes(directLimit), shrunk(wanted, tiles))));
                }
                return new TiledRun(definition, source, bands, tiles, scaling, grid, threads, options, budget, Optional.empty());
            }
            if (!tiles.fixedBatch() && tiles.batch() > 1) {
                tiles = tiles.withBatch(Math.max(1, tiles.batch() / 2));
            } else if (tiles.defaultTile() && defaultSide / 2 >= SMALLEST_DEFAULT_TILE && options.padding().isEmpty()) {
                defaultSide /= 2;
                tiles = TileSettings.choose(definition.definition(), definition.input(), source.width(), source.height(),
                        options.tile(), options.padding(), OptionalInt.of(tiles.batch()), defaultSide, new ArrayList<>());
            } else {
                throw new ResourceException("this run needs " + budget.describe() + ", more than this JVM may use ("
                        + MemoryBudget.mebibytes(heapLimit) + " of heap, " + MemoryBudget.mebibytes(directLimit)
                        + " of direct memory" + (shape == Grid.BLENDED ? "; --merge crop needs no blending buffer" : "")
                        + "); lower --batch or --tile, or give Java more memory (ECDKIT_JAVA_OPTS=-Xmx8g)");
            }
        }
    }

    private static String shrunk(TileSettings wanted, TileSettings tiles) {
        List<String> changes = new ArrayList<>();
        if (tiles.tileWidth() < wanted.tileWidth() || tiles.tileHeight() < wanted.tileHeight()) {
            changes.add("the tile was lowered from " + wanted.tileWidth() + " x " + wanted.tileHeight() + " to "
                    + tiles.tileWidth() + " x " + tiles.tileHeight() + " pixels");
        }
        if (tiles.batch() < wanted.batch()) {
            changes.add("the batch from " + wanted.batch() + " to " + tiles.batch() + (tiles.batch() == 1 ? " tile" : " tiles"));
        }
        return String.join(" and ", changes);
    }

    /** Runtime threads: one per core unless asked, and never more than the cores (more only contend). */
    static int threads(TiledOptions options, Consumer<Finding> noted) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (options.threads() == 0) {
            return cores;
        }
        if (options.threads() > cores) {
            noted.accept(Finding.warning("threads", "--threads " + options.threads() + " is more than the " + cores
                    + (cores == 1 ? " core" : " cores") + " this machine has; using " + cores));
            return cores;
        }
        return options.threads();
    }

    static TileGrid grid(Grid shape, RasterSource source, TileSettings tiles) {
        if (shape == Grid.BLENDED) {
            int overlap = Math.min(2 * tiles.padding(), Math.min(tiles.tileWidth(), tiles.tileHeight()) - 1);
            return TileGrid.blended(source.width(), source.height(), tiles.tileWidth(), tiles.tileHeight(), overlap);
        }
        return TileGrid.cropped(source.width(), source.height(), tiles.tileWidth(), tiles.tileHeight(), tiles.padding());
    }

    static MemoryBudget budget(RasterSource source, BandSelection bands, TileSettings tiles, TileGrid grid,
            MemoryNeeds needs) {
        long slot = MemoryBudget.product(bands.count(), tiles.modelWidth(), tiles.modelHeight());
        List<MemoryBudget.Part> direct = List.of(new MemoryBudget.Part(TilePipeline.INPUT_TENSORS + " input batches of "
                + tiles.batch() + (tiles.batch() == 1 ? " tile" : " tiles"),
                MemoryBudget.product(TilePipeline.INPUT_TENSORS, tiles.batch(), slot, Float.BYTES)),
                new MemoryBudget.Part("the runtime's output buffer", MemoryBudget.product(tiles.batch(),
                        needs.outputValuesPerTile(tiles), Float.BYTES)));
        List<MemoryBudget.Part> heap = new ArrayList<>();
        heap.add(new MemoryBudget.Part("decoded-block cache", source.cacheBytes()));
        heap.add(new MemoryBudget.Part("tile being read", MemoryBudget.product(bands.count() * Float.BYTES + 1L,
                tiles.tileWidth(), tiles.tileHeight())));
        heap.add(new MemoryBudget.Part(TilePipeline.OUTPUTS_IN_FLIGHT + " model outputs", MemoryBudget.product(
                TilePipeline.OUTPUTS_IN_FLIGHT, tiles.batch(), needs.outputValuesPerTile(tiles), Float.BYTES)));
        heap.addAll(needs.heapParts(tiles, grid));
        return new MemoryBudget(heap, direct);
    }

    /**
     * This run with the tile and batch its model computes fastest on this machine, timed on a few
     * calls of its own pixels, or kept from an earlier run ({@link RunCalibration}); this run itself
     * where the options ask for no calibration, or give a tile or a batch. Outputs do not change.
     */
    public TiledRun calibrated(ModelRunner runner, MemoryNeeds needs) {
        return RunCalibration.apply(this, runner, needs, CalibrationStore.inCacheFolder(), TileCalibration.BUDGET_SHARE,
                MemoryBudget.heapLimit(), MemoryBudget.directLimit());
    }

    /**
     * This run over part of its grid ({@link TileGrid#rowsBetween}, {@link TileGrid#gridRows}): a
     * window of the image that a cluster's task computes with everything else as decided for the whole.
     */
    public TiledRun withGrid(TileGrid part) {
        return new TiledRun(definition, source, bands, tiles, scaling, part, threads, options, budget, calibration);
    }

    /** The encoder that feeds this run's tiles to the model. */
    public TileEncoder encoder() {
        return new TileEncoder(source, bands.bands(), definition.input().layout().layout(), tiles.modelWidth(),
                tiles.modelHeight(), scaling, options.nodataRule());
    }

    /**
     * Opens the definition's model for {@code outputs}, with this run's threads and device. On the CPU
     * its threads do not spin between calls: the gaps between calls are where reading and translating
     * run ({@link CoreSharing#MODEL_FIRST}).
     */
    public ModelRunner openRunner(List<String> outputs) {
        return openRunner(outputs, RunnerSource.OPEN);
    }

    /** The same, from {@code source} (a pool that keeps sessions open between runs). */
    public ModelRunner openRunner(List<String> outputs, RunnerSource source) {
        return source.open(definition.runnable(outputs), new RunnerOptions(threads, options.device(), 0,
                options.device() != Device.CPU));
    }

    /** How the pipeline's stages share the machine with the model: its gaps on the CPU, freely beside a GPU. */
    public CoreSharing coreSharing() {
        return options.device() == Device.CPU ? CoreSharing.MODEL_FIRST : CoreSharing.OVERLAP;
    }

    /** The pipeline that runs this run's grid through {@code runner}. */
    public TilePipeline pipeline(ModelRunner runner, ProgressListener progress) {
        return pipeline(runner, false, progress);
    }

    /**
     * The same, lending the runner the same few output tensors batch after batch when
     * {@code outputsFollowInput} (a classifier's outputs have their input's shape; a detector's may not).
     */
    public TilePipeline pipeline(ModelRunner runner, boolean outputsFollowInput, ProgressListener progress) {
        return new TilePipeline(grid, encoder(), runner, tiles.batch(), tiles.fixedBatch(), outputsFollowInput, coreSharing(),
                progress);
    }

    /**
     * Tiles known to be entirely nodata from the file's directory alone (blocks a sparse file does not
     * store, when nodata is 0), for the plan; others are found empty as they are read.
     */
    public int knownEmptyTiles() {
        if (source.nodata().isEmpty() || source.nodata().getAsDouble() != 0) {
            return 0;
        }
        int empty = 0;
        for (Tile tile : grid.tiles()) {
            if (source.unstored(tile.window())) {
                empty++;
            }
        }
        return empty;
    }
}
