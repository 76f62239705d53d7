package org.ecdkit.inference.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ecdkit.core.error.Failures;
import org.ecdkit.core.error.InterruptedRunException;
import org.ecdkit.inference.tiling.EncodedTile;
import org.ecdkit.inference.tiling.Tile;
import org.ecdkit.inference.tiling.TileEncoder;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.Tensor;

/**
 * Runs the tiles of a grid through a model in three overlapping stages: a reading thread reads and
 * encodes tiles into batches, the calling thread runs the model, and a translating thread hands
 * each tile's outputs to a {@link TileTranslator}, in grid order. Queues between the stages hold
 * {@value #QUEUED_BATCHES} batches and batch tensors come from a pool of {@value #INPUT_TENSORS}, so
 * memory stays flat however large the image and a slow stage holds the others back.
 *
 * <p>How the stages share the machine is a {@link CoreSharing}: on the CPU, reading and translating
 * run at the least priority, on what the model leaves idle, since a model using every core is slowed
 * more than in proportion by threads that take one from it.
 *
 * <p>Tiles whose every pixel is nodata are never sent to the model; a batch is sent as soon as it
 * holds {@code batch} tiles with data, and the last one as it is (the model's fixed batch size
 * aside: free slots then repeat the last tile). A failure in any stage stops the others and is
 * rethrown once every thread has ended; an interrupt of the calling thread ends the run with an
 * {@link InterruptedRunException}. Running out of memory in any stage is reported as such, by
 * {@link Failures}.
 */
public final class TilePipeline {

    /** Batches waiting between two stages. */
    public static final int QUEUED_BATCHES = 2;
    /** Input batch tensors in use at once: one being filled, the queued ones, one in the model. */
    public static final int INPUT_TENSORS = QUEUED_BATCHES + 2;
    /** Model outputs held at once: one being computed, the queued ones, one being translated. */
    public static final int OUTPUTS_IN_FLIGHT = QUEUED_BATCHES + 2;

    private final TileGrid grid;
    private final TileEncoder encoder;
    private final ModelRunner runner;
    private final int batchSize;
    private final boolean fixedBatch;
    private final boolean reuseOutputs;
    private final ProgressListener progress;
    private final CoreSharing sharing;
    /** The model's state, for {@link CoreSharing#MODEL_FIRST}: the other stages wait while it runs. */
    private final Object modelState = new Object();
    private boolean modelRunning;

    /** A batch of tiles in grid order; skipped tiles ride along without a slot in the tensor. */
    private record Batch(List<EncodedTile> tiles, Tensor input, int used) {
    }

    /**
     * A batch with its outputs (null when no tile of it had data), and the set of output tensors lent
     * for them, to give back once translated (null when none was lent).
     */
    private record Inferred(List<EncodedTile> tiles, ModelOutputs outputs, List<Tensor> lent) {
    }

    private static final Batch END = new Batch(List.of(), null, 0);
    private static final Inferred DONE = new Inferred(List.of(), null, null);

    /**
     * @param batchSize  tiles with data per run call
     * @param fixedBatch whether the model takes exactly {@code batchSize} tiles (short batches are filled)
     */
    public TilePipeline(TileGrid grid, TileEncoder encoder, ModelRunner runner, int batchSize, boolean fixedBatch,
            ProgressListener progress) {
        this(grid, encoder, runner, batchSize, fixedBatch, false, CoreSharing.OVERLAP, progress);
    }

    /**
     * @param reuseOutputs whether the model's outputs keep their shape from one full batch to the next
     *                     (a classifier's follow its input), so that the pipeline can lend the runner the
     *                     same few output tensors again and again instead of it allocating new ones
     */
    public TilePipeline(TileGrid grid, TileEncoder encoder, ModelRunner runner, int batchSize, boolean fixedBatch,
            boolean reuseOutputs, CoreSharing sharing, ProgressListener progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one tile, not " + batchSize);
        }
        this.grid = grid;
        this.encoder = encoder;
        this.runner = runner;
        this.batchSize = batchSize;
        this.fixedBatch = fixedBatch;
        this.reuseOutputs = reuseOutputs;
        this.sharing = sharing;
        this.progress = progress;
    }

    /** Runs every tile into {@code translator}; returns where the time went. */
    public StageTimes run(TileTranslator translator) {
        BlockingQueue<Tensor> pool = new ArrayBlockingQueue<>(INPUT_TENSORS);
        for (int i = 0; i < INPUT_TENSORS; i++) {
            pool.add(Tensor.allocate(encoder.batchShape(batchSize)));
        }
        BlockingQueue<Batch> toInfer = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        BlockingQueue<Inferred> toTranslate = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        // Sets of output tensors lent to the runner for full batches, made from the first full batch's shapes.
        BlockingQueue<List<Tensor>> outputSets = new ArrayBlockingQueue<>(OUTPUTS_IN_FLIGHT);
        boolean[] outputSetsMade = {false};
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] readNanos = {0, 0};
        long[] writeNanos = {0, 0};
        int[] skipped = {0};
        long start = System.nanoTime();

        Thread reader = new Thread(() -> {
            try {
                boolean gated = sharing == CoreSharing.MODEL_FIRST && !BackgroundPriority.lowerCurrentThread();
                read(gated, pool, toInfer, readNanos, skipped);
                toInfer.put(END);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                forceOffer(toInfer, END);
            } finally {
                readNanos[1] = threadCpu();
            }
        }, "ecdkit-reader");
        Thread writer = new Thread(() -> {
            try {
                boolean gated = sharing == CoreSharing.MODEL_FIRST && !BackgroundPriority.lowerCurrentThread();
                translate(gated, translator, toTranslate, outputSets, writeNanos);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                toTranslate.clear();
            } finally {
                writeNanos[1] = threadCpu();
            }
        }, "ecdkit-translator");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();

        long inferenceNanos = 0;
        int batches = 0;
        boolean interrupted = false;
        try {
            while (failure.get() == null) {
                Batch batch = toInfer.poll(100, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    continue;
                }
                if (batch == END) {
                    break;
                }
                ModelOutputs outputs = null;
                List<Tensor> lent = null;
                if (batch.used() > 0) {
                    boolean full = fixedBatch || batch.used() == batchSize;
                    long[] shape = encoder.batchShape(fixedBatch ? batchSize : batch.used());
                    if (full && reuseOutputs && outputSetsMade[0]) {
                        lent = take(outputSets, failure);
                        if (lent == null) {
                            break; // another stage failed; it may hold sets it will never give back
                        }
                    }
                    long t0 = System.nanoTime();
                    List<Tensor> results;
                    modelRuns(true);
                    try {
                        Tensor input = new Tensor(shape, batch.input().data());
                        results = lent != null ? runner.runAll(input, lent) : runner.runAll(input);
                    } finally {
                        modelRuns(false);
                    }
                    inferenceNanos += System.nanoTime() - t0;
                    batches++;
                    if (lent != null && results != lent) {
                        outputSets.put(lent); // the runner could not write into them
                        lent = null;
                    }
                    if (full && reuseOutputs && !outputSetsMade[0]) {
                        for (int set = 0; set < OUTPUTS_IN_FLIGHT; set++) {
                            outputSets.add(results.stream().map(r -> Tensor.heap(r.shape())).toList());
                        }
                        outputSetsMade[0] = true;
                    }
                    outputs = new ModelOutputs(results);
                }
                // The translator never reads the input: its tensor can take the next batch now.
                pool.put(batch.input());
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (!offer(toTranslate, new Inferred(batch.tiles(), outputs, lent), failure)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            failure.compareAndSet(null, e);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            if (failure.get() == null) {
                putUninterruptibly(toTranslate, DONE);
            } else {
                reader.interrupt();
                writer.interrupt();
                forceOffer(toTranslate, DONE);
            }
        }
        interrupted |= joinUninterruptibly(reader);
        interrupted |= joinUninterruptibly(writer);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable problem = failure.get();
        if (problem instanceof InterruptedException) {
            throw new InterruptedRunException("the run over " + grid.count() + " tiles", problem);
        }
        if (problem != null) {
            throw Failures.rethrow(problem);
        }
        return new StageTimes(readNanos[0], inferenceNanos, writeNanos[0], System.nanoTime() - start, batches, skipped[0],
                readNanos[1], writeNanos[1]);
    }

    /** The CPU time the calling thread has used, or 0 where the JVM cannot tell. */
    private static long threadCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? Math.max(0, threads.getCurrentThreadCpuTime()) : 0;
    }

    private void read(boolean gated, BlockingQueue<Tensor> pool, BlockingQueue<Batch> toInfer, long[] busy, int[] skipped)
            throws InterruptedException {
        List<EncodedTile> tiles = new ArrayList<>();
        Tensor input = null;
        int used = 0;
        for (Tile tile : grid.tiles()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (input == null) {
                input = pool.take();
            }
            if (gated) {
                awaitModelIdle();
            }
            long t0 = System.nanoTime();
            EncodedTile encoded = encoder.encode(tile, input, used);
            busy[0] += System.nanoTime() - t0;
            tiles.add(encoded);
            if (encoded.skipped()) {
                skipped[0]++;
            } else {
                used++;
            }
            if (used == batchSize) {
                toInfer.put(new Batch(tiles, input, used));
                tiles = new ArrayList<>();
                input = null;
                used = 0;
            }
        }
        if (!tiles.isEmpty()) {
            if (fixedBatch && used > 0) {
                // A model of fixed batch size gets whole batches: the free slots repeat the last tile.
                int slot = encoder.slotSize();
                for (int s = used; s < batchSize; s++) {
                    for (int i = 0; i < slot; i++) {
                        input.data().put(s * slot + i, input.data().get((used - 1) * slot + i));
                    }
                }
            }
            toInfer.put(new Batch(tiles, input, used));
        } else if (input != null) {
            pool.put(input);
        }
    }

    private void translate(boolean gated, TileTranslator translator, BlockingQueue<Inferred> toTranslate,
            BlockingQueue<List<Tensor>> outputSets, long[] busy) throws InterruptedException {
        int done = 0;
        while (true) {
            Inferred inferred = toTranslate.take();
            if (inferred == DONE) {
                return;
            }
            long t0 = System.nanoTime();
            for (EncodedTile tile : inferred.tiles()) {
                if (gated) {
                    awaitModelIdle();
                }
                translator.accept(tile, tile.skipped() ? null : inferred.outputs());
            }
            busy[0] += System.nanoTime() - t0;
            if (inferred.lent() != null) {
                outputSets.put(inferred.lent());
            }
            done += inferred.tiles().size();
            progress.tilesDone(done, grid.count());
        }
    }

    private void modelRuns(boolean running) {
        if (sharing == CoreSharing.MODEL_FIRST) {
            synchronized (modelState) {
                modelRunning = running;
                modelState.notifyAll();
            }
        }
    }

    /**
     * With {@link CoreSharing#MODEL_FIRST}, for a thread whose priority could not be lowered: waits
     * while the model runs, so a tile's work starts in a gap.
     */
    private void awaitModelIdle() throws InterruptedException {
        if (sharing == CoreSharing.MODEL_FIRST) {
            synchronized (modelState) {
                while (modelRunning) {
                    modelState.wait();
                }
            }
        }
    }

    /** After a failure only: makes room by dropping queued work, which is abandoned anyway. */
    private static <T> void forceOffer(BlockingQueue<T> queue, T item) {
        while (!queue.offer(item)) {
            queue.poll();
        }
    }

    private static <T> void putUninterruptibly(BlockingQueue<T> queue, T item) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> boolean offer(BlockingQueue<T> queue, T item, AtomicReference<Throwable> failure)
            throws InterruptedException {
        while (failure.get() == null) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** The next item of {@code queue}, or null once another stage has failed (it may never give one back). */
    private static <T> T take(BlockingQueue<T> queue, AtomicReference<Throwable> failure) throws InterruptedException {
        while (failure.get() == null) {
            T item = queue.poll(100, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
        }
        return null;
    }

    /** Waits for {@code thread} to end; returns whether the caller was interrupted meanwhile. */
    private static boolean joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
