package org.ecdkit.inference;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.inference.calibration.CallShape;
import org.ecdkit.inference.calibration.Calibration;
import org.ecdkit.inference.calibration.CalibrationStore;
import org.ecdkit.inference.calibration.TileCalibration;
import org.ecdkit.inference.tiling.TileEncoder;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.inference.tiling.TileSettings;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.Tensor;

/**
 * A run's tile and batch, calibrated on its own model and imagery ({@link TileCalibration}) when the
 * user asked for neither.
 *
 * <p>The batch is free unless the model fixes it: a batch's tiles are computed independently, so the
 * output does not change. The tile is free only where nobody chose it (not the options, the
 * definition's ImageHeight/ImageWidth, nor the model) and the padding is known to cover the model's
 * receptive field (the definition's ModelPadding, which convert computes from the graph, or
 * {@code --padding}): then every pixel's result equals the whole image's under any tile, and changing
 * the tile changes no pixel. A model without a known receptive field (global pooling, attention) sees
 * a different context under another tile, so its tile stays as it was. Blended runs keep their tile:
 * the blend's weights follow it.
 */
final class RunCalibration {

    /** Tile sides tried where the tile is free. */
    static final List<Integer> SIDES = List.of(256, 384, 512, 768, 1024);
    /** Batches tried where the batch is free. */
    static final List<Integer> BATCHES = List.of(1, 2, 4, 8, 16);
    /** No setting tried computes more pixels per call than this (two 1024-pixel tiles), unless the default does. */
    static final long MOST_PIXELS = 2L * 1024 * 1024;

    private RunCalibration() {
    }

    /**
     * {@code run} calibrated on {@code runner}, spending at most {@code budgetShare} of its estimated
     * model time, or {@code run} itself where nothing is free to calibrate.
     */
    static TiledRun apply(TiledRun run, ModelRunner runner, TiledRun.MemoryNeeds needs, CalibrationStore store,
            double budgetShare, long heapLimit, long directLimit) {
        TiledOptions options = run.options();
        TileSettings tiles = run.tiles();
        if (!options.calibrate() || options.tile().isPresent() || options.batch().isPresent()) {
            return run;
        }
        boolean tileFree = tiles.defaultTile() && !run.grid().blend()
                && (run.definition().definition().settings().modelPadding().isPresent() || options.padding().isPresent());
        boolean batchFree = !tiles.fixedBatch();
        if (!tileFree && !batchFree) {
            return run;
        }
        CallShape current = new CallShape(Math.max(tiles.modelWidth(), tiles.modelHeight()), tiles.batch());
        List<CallShape> candidates = new ArrayList<>();
        Set<String> effective = new HashSet<>();
        for (int side : tileFree ? sides(current.tile(), tiles.padding()) : List.of(current.tile())) {
            int count = grid(run, settings(run, tileFree, new CallShape(side, 1))).count();
            for (int batch : batchFree ? batches(current.batch(), count) : List.of(current.batch())) {
                CallShape shape = new CallShape(side, batch);
                TileSettings settings = settings(run, tileFree, shape);
                TileGrid grid = grid(run, settings);
                boolean isCurrent = shape.equals(current);
                if (!isCurrent && (shape.pixels() > Math.max(MOST_PIXELS, current.pixels()) || batch > grid.count()
                        || !TiledRun.budget(run.source(), run.bands(), settings, grid, needs).fits(heapLimit, directLimit))) {
                    continue;
                }
                // Sides larger than the image all come to the same whole-image tile: try it once.
                if (effective.add(settings.modelWidth() + "x" + settings.modelHeight() + "x" + batch) || isCurrent) {
                    candidates.add(shape);
                }
            }
        }
        if (!candidates.contains(current)) {
            candidates.add(current);
        }
        if (candidates.size() < 2) {
            return run;
        }
        String key = key(run, runner);
        Map<CallShape, Double> known = store.read(key);
        if (!known.containsKey(current) && calls(run, tiles) * budgetShare < TileCalibration.CALLS_PER_SHAPE) {
            // Timing even the default takes more than the budget: a run this short runs as it is.
            return run;
        }
        // One buffer for every setting's batch: direct memory is freed only by a collection, so a new one per setting
        // would leave the run's own batches to wait for it.
        long largest = 0;
        for (CallShape shape : candidates) {
            TileSettings settings = settings(run, tileFree, shape);
            largest = Math.max(largest, (long) settings.batch() * run.bands().count() * settings.modelWidth() * settings.modelHeight());
        }
        FloatBuffer buffer = Tensor.allocate(largest).data();
        long t0 = System.nanoTime();
        TileCalibration.Choice choice = TileCalibration.choose(current, candidates, known,
                TileCalibration.timing(shape -> call(run, runner, settings(run, tileFree, shape), buffer)),
                shape -> calls(run, settings(run, tileFree, shape)), budgetShare);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (choice.measured() > 0) {
            store.write(key, choice.times());
        }
        int tried = (int) candidates.stream().filter(choice.times()::containsKey).count();
        if (choice.measured() == 0 && tried < 2) {
            // Only the default is known, and there is no time to learn more: nothing was calibrated.
            return run;
        }
        TileSettings chosen = settings(run, tileFree, choice.chosen());
        TileGrid grid = grid(run, chosen);
        Calibration calibration = new Calibration(choice.chosen(), choice.measured(), seconds, tried, candidates.size());
        return new TiledRun(run.definition(), run.source(), run.bands(), chosen, run.scaling(), grid, run.threads(), options,
                TiledRun.budget(run.source(), run.bands(), chosen, grid, needs), Optional.of(calibration));
    }

    /** Tile sides to try: those whose padding leaves a core of at least half the tile, and the current one. */
    static List<Integer> sides(int current, int padding) {
        Set<Integer> sides = new LinkedHashSet<>();
        for (int side : SIDES) {
            if (4 * padding < side) {
                sides.add(side);
            }
        }
        sides.add(current);
        return List.copyOf(sides);
    }

    /** Batches to try: the usual powers of two, the current one, and the whole grid in one call where it is small. */
    static List<Integer> batches(int current, int gridTiles) {
        Set<Integer> batches = new LinkedHashSet<>(BATCHES);
        batches.add(current);
        if (gridTiles <= BATCHES.get(BATCHES.size() - 1)) {
            batches.add(gridTiles);
        }
        return List.copyOf(batches);
    }

    /** The run's settings under {@code shape}: its tile where the tile is free, else the run's own. */
    private static TileSettings settings(TiledRun run, boolean tileFree, CallShape shape) {
        if (!tileFree) {
            return run.tiles().withBatch(shape.batch());
        }
        return TileSettings.choose(run.definition().definition(), run.definition().input(), run.source().width(),
                run.source().height(), OptionalInt.of(shape.tile()), run.options().padding(), OptionalInt.of(shape.batch()),
                new ArrayList<>());
    }

    /** The windows {@code settings} cut the run's image into, cropped or blended as the run's are. */
    private static TileGrid grid(TiledRun run, TileSettings settings) {
        return TiledRun.grid(run.grid().blend() ? TiledRun.Grid.BLENDED : TiledRun.Grid.CROPPED, run.source(), settings);
    }

    private static long calls(TiledRun run, TileSettings settings) {
        int tiles = grid(run, settings).count();
        return (tiles + settings.batch() - 1) / settings.batch();
    }

    /**
     * One call under {@code settings}, ready to make: a batch of the image's middle tile (real pixels,
     * as the run will feed them; a collar of nodata would feed zeros) in every slot of {@code buffer}.
     */
    private static Runnable call(TiledRun run, ModelRunner runner, TileSettings settings, FloatBuffer buffer) {
        TileEncoder encoder = new TileEncoder(run.source(), run.bands().bands(), run.definition().input().layout().layout(),
                settings.modelWidth(), settings.modelHeight(), run.scaling(), run.options().nodataRule());
        TileGrid grid = grid(run, settings);
        Tensor batch = new Tensor(encoder.batchShape(settings.batch()), buffer);
        encoder.encode(grid.tiles().get(grid.count() / 2), batch, 0);
        FloatBuffer data = batch.data();
        int slot = encoder.slotSize();
        for (int s = 1; s < settings.batch(); s++) {
            data.put(s * slot, data, 0, slot);
        }
        return () -> runner.runAll(batch);
    }

    /**
     * What a calibration depends on: the model's bytes, the runtime, its device and threads, the
     * input's layout and bands, and the machine (processor and cores). Not the image: a call's time
     * depends on its shape, and the image only on how many calls it needs.
     */
    static String key(TiledRun run, ModelRunner runner) {
        String identity = String.join("|", "ecdkit calibration 1", run.definition().reference().sha256(),
                runner.description().toString(), String.valueOf(run.definition().input().layout().layout()),
                String.valueOf(run.bands().count()), System.getProperty("os.arch", ""),
                String.valueOf(Runtime.getRuntime().availableProcessors()), processor());
        return Sha256.ofText(identity).substring(0, 32);
    }

    /** The processor's model name, where Linux tells it. */
    private static String processor() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Another system: cores and architecture identify the machine well enough.
        }
        return "";
    }
}
