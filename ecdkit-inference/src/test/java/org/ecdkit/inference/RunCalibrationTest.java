package org.ecdkit.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ecdkit.inference.calibration.CalibrationStore;
import org.ecdkit.inference.calibration.CallShape;
import org.ecdkit.inference.calibration.TileCalibration;
import org.ecdkit.inference.fixture.InferenceFixtures;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration on a real ONNX Runtime session, whose calls are made slower by a known amount per
 * call and per pixel, so that which setting is fastest is known: 1000 x 800 pixels of the threshold
 * model (ModelPadding 0), 15 ms a call, 5 ms a tile and 10 ms a megapixel.
 */
class RunCalibrationTest {

    private static final long GIB = 1L << 30;
    private static final TiledRun.MemoryNeeds NEEDS = InferenceFixtures.twoScoresNeeds(0);

    @TempDir
    Path dir;

    /** A real runner whose calls also sleep 15 ms, 5 ms a tile and 10 ms a megapixel, and which records their shapes. */
    private static final class SlowRunner implements ModelRunner {
        private final ModelRunner runner;
        final List<long[]> shapes = Collections.synchronizedList(new ArrayList<>());
        boolean refuse;

        SlowRunner(ModelRunner runner) {
            this.runner = runner;
        }

        @Override
        public RunnerDescription description() {
            return runner.description();
        }

        @Override
        public List<Tensor> runAll(Tensor input) {
            if (refuse) {
                throw new AssertionError("no call expected");
            }
            shapes.add(input.shape());
            long pixels = input.shape()[0] * input.shape()[2] * input.shape()[3];
            try {
                Thread.sleep(15 + 5 * input.shape()[0] + pixels * 10 / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return runner.runAll(input);
        }

        @Override
        public void close() {
            runner.close();
        }
    }

    private TiledRun prepare(Path ecd, RasterSource source, TiledOptions options) throws Exception {
        return TiledRun.prepare(RunnableDefinition.open(ecd, false, f -> { }), source, options, TiledRun.Grid.CROPPED, NEEDS,
                f -> { }, 8 * GIB, 8 * GIB);
    }

    @Test
    void theFastestSettingIsChosenAndRememberedWhereTheTileIsFree() throws Exception {
        Path ecd = InferenceFixtures.thresholdDefinition(dir);
        Path scene = InferenceFixtures.scene(1000, 800).write(dir.resolve("scene.tif"));
        CalibrationStore store = CalibrationStore.in(dir.resolve("cache"));
        try (RasterSource source = RasterSources.open(scene)) {
            TiledRun run = prepare(ecd, source, TiledOptions.DEFAULT.withCalibrate(true));
            assertEquals(512, run.tiles().tileWidth());
            assertEquals(4, run.tiles().batch(), "MiniBatchSize");
            try (SlowRunner runner = new SlowRunner(run.openRunner(List.of("scores")))) {
                TiledRun calibrated = RunCalibration.apply(run, runner, NEEDS, store, 1000.0, 8 * GIB, 8 * GIB);
                // The default: one call of four 512-pixel tiles, 15 + 20 + 10 ms. The whole image as one
                // tile: one call of 0.8 Mpixel, 15 + 5 + 8 ms; every other setting needs more calls or tiles.
                assertEquals(1000, calibrated.tiles().tileWidth(), calibrated.calibration().toString());
                assertEquals(800, calibrated.tiles().tileHeight());
                assertEquals(1, calibrated.tiles().batch());
                assertEquals(1, calibrated.grid().count());
                var calibration = calibrated.calibration().orElseThrow();
                assertTrue(calibration.measured() >= 5 && calibration.measured() == calibration.tried(), calibration.toString());
                assertEquals(TileCalibration.CALLS_PER_SHAPE + TileCalibration.CALLS_PER_COMPARISON * (calibration.measured() - 1),
                        runner.shapes.size(), "the default's calls, then each other setting's in turn with the default's");
                assertTrue(calibration.describe().startsWith("the fastest of " + calibration.tried() + " settings, "
                        + calibration.tried() + " timed now"), calibration.describe());

                runner.refuse = true;
                TiledRun again = RunCalibration.apply(run, runner, NEEDS, store, 1000.0, 8 * GIB, 8 * GIB);
                assertEquals(calibrated.tiles(), again.tiles(), "remembered, with no call made");
                assertEquals(0, again.calibration().orElseThrow().measured());
                assertTrue(again.calibration().orElseThrow().describe().contains("measured earlier on this machine"));
            }
        }
    }

    @Test
    void withoutAKnownReceptiveFieldOnlyTheBatchIsCalibrated() throws Exception {
        Path ecd = InferenceFixtures.withoutModelPadding(InferenceFixtures.thresholdDefinition(dir));
        Path scene = InferenceFixtures.scene(1000, 800).write(dir.resolve("scene.tif"));
        try (RasterSource source = RasterSources.open(scene)) {
            TiledRun run = prepare(ecd, source, TiledOptions.DEFAULT.withCalibrate(true));
            try (SlowRunner runner = new SlowRunner(run.openRunner(List.of("scores")))) {
                TiledRun calibrated = RunCalibration.apply(run, runner, NEEDS, CalibrationStore.in(dir.resolve("cache")), 1000.0,
                        8 * GIB, 8 * GIB);
                assertEquals(run.tiles().tileWidth(), calibrated.tiles().tileWidth(), "the tile decides the model's context");
                assertEquals(run.tiles().padding(), calibrated.tiles().padding());
                for (long[] shape : runner.shapes) {
                    assertEquals(512, shape[2]);
                    assertEquals(512, shape[3]);
                }
                // A sixteenth of the tile pads: cores of 448 make a grid of 3 x 2 tiles. 4 a call is 2 calls (90 ms
                // of sleep), 2 a call 3 (83 ms), 1 a call 6 (123 ms), the whole grid in one call 61 ms; 8 and 16
                // are more than the grid.
                assertEquals(new CallShape(512, 6), calibrated.calibration().orElseThrow().chosen());
            }
        }
    }

    @Test
    void aTileOrABatchAskedForIsNeverCalibrated() throws Exception {
        Path ecd = InferenceFixtures.thresholdDefinition(dir);
        Path scene = InferenceFixtures.scene(1000, 800).write(dir.resolve("scene.tif"));
        try (RasterSource source = RasterSources.open(scene)) {
            for (TiledOptions options : List.of(TiledOptions.DEFAULT, TiledOptions.DEFAULT.withCalibrate(true).withTile(256),
                    TiledOptions.DEFAULT.withCalibrate(true).withBatch(2))) {
                TiledRun run = prepare(ecd, source, options);
                try (SlowRunner runner = new SlowRunner(run.openRunner(List.of("scores")))) {
                    assertSame(run, RunCalibration.apply(run, runner, NEEDS, CalibrationStore.in(dir.resolve("cache")), 1000.0,
                            8 * GIB, 8 * GIB));
                    assertTrue(runner.shapes.isEmpty());
                    assertFalse(run.calibration().isPresent());
                }
            }
        }
    }

    @Test
    void aRunTooShortToTimeEvenItsDefaultRunsAsItIs() throws Exception {
        Path ecd = InferenceFixtures.thresholdDefinition(dir);
        Path scene = InferenceFixtures.scene(1000, 800).write(dir.resolve("scene.tif"));
        try (RasterSource source = RasterSources.open(scene)) {
            TiledRun run = prepare(ecd, source, TiledOptions.DEFAULT.withCalibrate(true));
            try (SlowRunner runner = new SlowRunner(run.openRunner(List.of("scores")))) {
                // One call in all: timing the default alone would take four, far over 5% of one.
                assertSame(run, RunCalibration.apply(run, runner, NEEDS, CalibrationStore.in(dir.resolve("cache")),
                        TileCalibration.BUDGET_SHARE, 8 * GIB, 8 * GIB));
                assertTrue(runner.shapes.isEmpty());
            }
        }
    }

    @Test
    void aBlendedRunStaysBlendedAndKeepsItsTile() throws Exception {
        Path ecd = InferenceFixtures.thresholdDefinition(dir);
        Path scene = InferenceFixtures.scene(1000, 800).write(dir.resolve("scene.tif"));
        try (RasterSource source = RasterSources.open(scene)) {
            TiledRun run = TiledRun.prepare(RunnableDefinition.open(ecd, false, f -> { }), source,
                    TiledOptions.DEFAULT.withCalibrate(true).withPadding(16), TiledRun.Grid.BLENDED, NEEDS, f -> { }, 8 * GIB, 8 * GIB);
            try (SlowRunner runner = new SlowRunner(run.openRunner(List.of("scores")))) {
                TiledRun calibrated = RunCalibration.apply(run, runner, NEEDS, CalibrationStore.in(dir.resolve("cache")), 1000.0,
                        8 * GIB, 8 * GIB);
                assertTrue(calibrated.grid().blend(), "the blend's weights follow the grid it was asked for");
                assertEquals(run.tiles().tileWidth(), calibrated.tiles().tileWidth());
                assertEquals(run.grid().count(), calibrated.grid().count());
            }
        }
    }
}
