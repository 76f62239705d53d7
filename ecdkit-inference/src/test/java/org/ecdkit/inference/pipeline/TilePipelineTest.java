package org.ecdkit.inference.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.ecdkit.core.error.InterruptedRunException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.ResourceException;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.inference.fixture.CountingSource;
import org.ecdkit.inference.fixture.InferenceFixtures;
import org.ecdkit.inference.fixture.ScriptedRunner;
import org.ecdkit.inference.tiling.EncodedTile;
import org.ecdkit.inference.tiling.InputScaling;
import org.ecdkit.inference.tiling.TileEncoder;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.runtime.Device;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnableModel;
import org.ecdkit.runtime.RunnerOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with a real ONNX Runtime session of the threshold model over a real GeoTIFF: what
 * reaches the translator and in which order, how batches are cut, and what happens when any stage
 * fails, runs out of memory, is interrupted, or is slower than the others.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TilePipelineTest {

    private static final int SIDE = 64;

    @TempDir
    Path dir;

    private Path model;
    private Path scene;

    @BeforeEach
    void fixtures() throws Exception {
        model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("threshold.onnx"));
        // 5 x 4 tiles of 64 pixels.
        scene = InferenceFixtures.scene(5 * SIDE, 4 * SIDE).write(dir.resolve("scene.tif"));
    }

    private ScriptedRunner runner(int failOnCall) {
        return new ScriptedRunner(ModelRunners.open(new RunnableModel(model, ModelFormat.ONNX, "image", List.of("scores"), ""),
                new RunnerOptions(1, Device.CPU, 0))) {
            @Override
            protected void beforeCall(int number) {
                if (number == failOnCall) {
                    throw new RuntimeFailureException(Place.of(model), "the model failed on call " + number, null);
                }
            }
        };
    }

    private static TilePipeline pipeline(RasterSource source, ScriptedRunner runner, int batch, boolean fixed) {
        TileGrid grid = TileGrid.cropped(source.width(), source.height(), SIDE, SIDE, 0);
        TileEncoder encoder = new TileEncoder(source, new int[] {0, 1, 2, 3}, Layout.NCHW, SIDE, SIDE, InputScaling.IDENTITY);
        return new TilePipeline(grid, encoder, runner, batch, fixed, (done, total) -> { });
    }

    /** The calling thread's niceness, as Linux reports it. */
    private static int ownNiceness() {
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return BackgroundPriority.niceness(self.substring(self.lastIndexOf('/') + 1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean stageThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && (t.getName().equals("ecdkit-reader") || t.getName().equals("ecdkit-translator")));
    }

    @Test
    void everyTileReachesTheTranslatorOnceInGridOrderWithTheScoresOfItsOwnPixels() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        try (RasterSource source = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            StageTimes times = pipeline(source, runner, 3, false).run((tile, outputs) -> {
                order.add(tile.tile().index());
                float[] scores = outputs.values(0);
                int plane = SIDE * SIDE;
                int base = tile.slot() * 2 * plane;
                for (int v = 0; v < SIDE; v += 7) {
                    for (int u = 0; u < SIDE; u += 5) {
                        int x = tile.tile().window().x() + u;
                        int y = tile.tile().window().y() + v;
                        int best = scores[base + plane + v * SIDE + u] > scores[base + v * SIDE + u] ? 1 : 0;
                        assertEquals(InferenceFixtures.thresholdIndex(x, y), best, "(" + x + ", " + y + ")");
                    }
                }
            });
            assertEquals(20, order.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(i, order.get(i));
            }
            assertEquals(7, times.batches(), "20 tiles in batches of 3");
            assertEquals(0, times.skippedTiles());
            assertTrue(times.inferenceNanos() > 0 && times.wallNanos() >= times.inferenceNanos());
        }
        assertFalse(stageThreadsAlive());
    }

    /**
     * On the CPU the model's threads get the cores first: the translating thread (and the reading one)
     * runs at the least priority, seen by Linux itself; beside a GPU it keeps its priority. The tiles'
     * results are the same either way.
     */
    @Test
    void withTheModelFirstReadingAndTranslatingRunAtTheLeastPriority() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux 3.17 or later");
        for (CoreSharing sharing : CoreSharing.values()) {
            Set<Integer> niceness = Collections.synchronizedSet(new HashSet<>());
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            try (RasterSource source = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
                TileGrid grid = TileGrid.cropped(source.width(), source.height(), SIDE, SIDE, 0);
                TileEncoder encoder = new TileEncoder(source, new int[] {0, 1, 2, 3}, Layout.NCHW, SIDE, SIDE,
                        InputScaling.IDENTITY);
                new TilePipeline(grid, encoder, runner, 4, false, true, sharing, (done, total) -> { }).run((tile, outputs) -> {
                    order.add(tile.tile().index());
                    niceness.add(ownNiceness());
                });
            }
            assertEquals(Set.of(sharing == CoreSharing.MODEL_FIRST ? BackgroundPriority.NICENESS : ownNiceness()), niceness,
                    sharing.toString());
            assertEquals(IntStream.range(0, 20).boxed().toList(), order);
        }
    }

    @Test
    void theLastBatchRunsOnlyItsOwnTilesUnlessTheModelFixesTheBatch() throws Exception {
        try (RasterSource source = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            pipeline(source, runner, 8, false).run((tile, outputs) -> { });
            List<Long> batches = runner.shapes().stream().map(s -> s[0]).toList();
            assertEquals(List.of(8L, 8L, 4L), batches, "no stale tiles in a full-size last call");
        }
        try (RasterSource source = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            List<EncodedTile> seen = Collections.synchronizedList(new ArrayList<>());
            pipeline(source, runner, 8, true).run((tile, outputs) -> seen.add(tile));
            assertEquals(List.of(8L, 8L, 8L), runner.shapes().stream().map(s -> s[0]).toList());
            assertEquals(20, seen.size(), "the repeated tiles filling the last batch are not translated");
            assertArrayEquals(new long[] {8, 4, SIDE, SIDE}, runner.shapes().get(2));
        }
    }

    @Test
    void tilesWithoutDataNeverReachTheModelButDoReachTheTranslator() throws Exception {
        // The left two columns of tiles are nodata (0) in every band.
        Path half = org.ecdkit.raster.fixture.GeoTiffFixture.of(5 * SIDE, 4 * SIDE, 4, org.ecdkit.raster.SampleType.UINT8,
                (x, y, b) -> x < 2 * SIDE ? 0 : 1 + (x + y + b) % 200).nodata("0").write(dir.resolve("half.tif"));
        List<Boolean> skipped = Collections.synchronizedList(new ArrayList<>());
        try (RasterSource source = RasterSources.open(half); ScriptedRunner runner = runner(-1)) {
            StageTimes times = pipeline(source, runner, 4, false).run((tile, outputs) -> {
                skipped.add(tile.skipped());
                assertEquals(tile.skipped(), outputs == null);
            });
            assertEquals(20, skipped.size());
            assertEquals(8, times.skippedTiles());
            assertEquals(3, times.batches(), "12 tiles with data in batches of 4");
            assertEquals(12, runner.shapes().stream().mapToLong(s -> s[0]).sum());
        }
    }

    @Test
    void aFailureReadingImageryStopsEveryStageAndIsRethrownAsItIs() throws Exception {
        InvalidInputException damaged = new InvalidInputException(Place.of(scene), "tile 3: damaged");
        try (RasterSource real = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            CountingSource source = new CountingSource(real) {
                @Override
                protected void beforeRead(int number) {
                    if (number == 6) {
                        throw damaged;
                    }
                }
            };
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> pipeline(source, runner, 2, false).run((tile, outputs) -> { }));
            assertSame(damaged, e);
            assertTrue(runner.shapes().size() <= 3, "the model stopped with the reader");
        }
        assertFalse(stageThreadsAlive(), "no stage thread outlives the run");
    }

    @Test
    void aFailureInTheModelStopsEveryStageAndIsRethrownAsARuntimeFailure() throws Exception {
        try (RasterSource real = RasterSources.open(scene); ScriptedRunner runner = runner(2)) {
            CountingSource source = new CountingSource(real);
            RuntimeFailureException e = assertThrows(RuntimeFailureException.class,
                    () -> pipeline(source, runner, 2, false).run((tile, outputs) -> { }));
            assertTrue(e.getMessage().endsWith("the model failed on call 2"), e.getMessage());
            assertTrue(source.reads() < 20, "reading stopped: " + source.reads());
        }
        assertFalse(stageThreadsAlive());
    }

    @Test
    void aFailureTranslatingStopsEveryStageAndIsRethrown() throws Exception {
        try (RasterSource real = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            CountingSource source = new CountingSource(real);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> pipeline(source, runner, 1, false).run((tile, outputs) -> {
                        if (tile.tile().index() == 2) {
                            throw new IllegalStateException("merge failed");
                        }
                    }));
            assertEquals("merge failed", e.getMessage());
            assertTrue(source.reads() < 20 && runner.shapes().size() < 20, "reads " + source.reads() + ", calls " + runner.shapes().size());
        }
        assertFalse(stageThreadsAlive());
    }

    /**
     * With output tensors lent to the runner batch after batch (as classify runs), a translator that
     * fails while holding some is rethrown and every stage ends; none waits for a set never given back.
     */
    @Test
    void aFailureTranslatingWhileHoldingTheLentOutputsStopsTheRunToo() throws Exception {
        try (RasterSource source = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            TileGrid grid = TileGrid.cropped(source.width(), source.height(), SIDE, SIDE, 0);
            TileEncoder encoder = new TileEncoder(source, new int[] {0, 1, 2, 3}, Layout.NCHW, SIDE, SIDE, InputScaling.IDENTITY);
            TilePipeline pipeline = new TilePipeline(grid, encoder, runner, 1, false, true, CoreSharing.OVERLAP, (d, t) -> { });
            IllegalStateException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> assertThrows(
                    IllegalStateException.class, () -> pipeline.run((tile, outputs) -> {
                        // Slow, so that the model's thread has lent sets out and waits on a full queue.
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException stopped) {
                            Thread.currentThread().interrupt();
                        }
                        if (tile.tile().index() == 4) {
                            throw new IllegalStateException("merge failed");
                        }
                    })));
            assertEquals("merge failed", e.getMessage());
        }
        assertFalse(stageThreadsAlive());
    }

    @Test
    void runningOutOfMemoryInAStageIsAResourceFailureNotADefect() throws Exception {
        try (RasterSource source = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            ResourceException e = assertThrows(ResourceException.class, () -> pipeline(source, runner, 2, false)
                    .run((tile, outputs) -> {
                        throw new OutOfMemoryError("Java heap space");
                    }));
            assertTrue(e.getMessage().startsWith("ran out of memory: this JVM may use "), e.getMessage());
            assertTrue(e.getMessage().contains("lower --batch or --tile"), e.getMessage());
        }
        assertFalse(stageThreadsAlive());
    }

    @Test
    void anInterruptEndsTheRunAsInterruptedAndKeepsTheThreadInterrupted() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        try (RasterSource real = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            CountingSource source = new CountingSource(real) {
                @Override
                protected void beforeRead(int number) {
                    if (number == 4) {
                        reading.countDown();
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("reader interrupted", e);
                        }
                    }
                }
            };
            Thread run = new Thread(() -> {
                try {
                    pipeline(source, runner, 1, false).run((tile, outputs) -> { });
                } catch (Throwable t) {
                    thrown.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            run.start();
            assertTrue(reading.await(30, TimeUnit.SECONDS));
            run.interrupt();
            run.join(30_000);
            assertFalse(run.isAlive());
        }
        assertTrue(thrown.get() instanceof InterruptedRunException, String.valueOf(thrown.get()));
        assertEquals(130, ((InterruptedRunException) thrown.get()).exitCode().code());
        assertTrue(stillInterrupted.get(), "the caller still sees its interrupt");
        assertFalse(stageThreadsAlive());
    }

    @Test
    void aSlowTranslatorHoldsTheReaderBackSoMemoryStaysBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RasterSource real = RasterSources.open(scene); ScriptedRunner runner = runner(-1)) {
            CountingSource source = new CountingSource(real);
            Thread run = new Thread(() -> pipeline(source, runner, 1, false).run((tile, outputs) -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            run.start();
            Thread.sleep(1500);
            // One tile being translated, two queued for it, one held by the model stage, two queued
            // for the model and one being encoded: at most seven of twenty read.
            int ahead = source.reads();
            assertTrue(ahead <= 7, ahead + " tiles read while the translator was stuck on the first");
            assertTrue(ahead >= 3, "the reader did work ahead: " + ahead);
            release.countDown();
            run.join(30_000);
            assertEquals(20, source.reads());
        }
    }
}
