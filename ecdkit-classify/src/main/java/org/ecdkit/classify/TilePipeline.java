package org.ecdkit.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.ecdkit.classify.merge.TileMerge;
import org.ecdkit.classify.tiling.EncodedTile;
import org.ecdkit.classify.tiling.Tile;
import org.ecdkit.classify.tiling.TileDecoder;
import org.ecdkit.classify.tiling.TileEncoder;
import org.ecdkit.classify.tiling.TileGrid;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.Tensor;

/**
 * Runs the tiles of a grid through the model in three overlapping stages: a reader thread reads and
 * encodes tiles into batches, the calling thread runs the model, and a writer thread decodes, merges
 * and writes. Queues between stages hold two batches, and batch tensors come from a small pool, so
 * memory stays flat however large the image; tiles that are all nodata are never sent to the model.
 */
final class TilePipeline {

    private static final int QUEUE = 2;

    private final TileGrid grid;
    private final TileEncoder encoder;
    private final ModelRunner runner;
    private final int batchSize;
    private final boolean fixedBatch;
    private final Function<long[], TileDecoder> decoderFactory;
    private final ProgressListener progress;

    /** A batch of tiles in grid order; skipped tiles have no slot in the tensor. */
    private record Batch(List<EncodedTile> tiles, Tensor input, int used) {
    }

    private record Decided(Batch batch, float[] output, TileDecoder decoder) {
    }

    private static final Batch END = new Batch(List.of(), null, 0);
    private static final Decided DONE = new Decided(END, null, null);

    /**
     * @param batchSize      tiles per run call
     * @param fixedBatch     whether the model takes exactly {@code batchSize} (short batches are padded)
     * @param decoderFactory makes the decoder once the first output's shape is known
     */
    TilePipeline(TileGrid grid, TileEncoder encoder, ModelRunner runner, int batchSize, boolean fixedBatch,
            Function<long[], TileDecoder> decoderFactory, ProgressListener progress) {
        this.grid = grid;
        this.encoder = encoder;
        this.runner = runner;
        this.batchSize = batchSize;
        this.fixedBatch = fixedBatch;
        this.decoderFactory = decoderFactory;
        this.progress = progress;
    }

    /** Runs every tile into {@code merge}; returns where the time went. */
    StageTimes run(TileMerge merge) {
        BlockingQueue<Tensor> pool = new ArrayBlockingQueue<>(QUEUE + 2);
        for (int i = 0; i < QUEUE + 2; i++) {
            pool.add(Tensor.allocate(encoder.batchShape(batchSize)));
        }
        BlockingQueue<Batch> toInfer = new ArrayBlockingQueue<>(QUEUE);
        BlockingQueue<Decided> toWrite = new ArrayBlockingQueue<>(QUEUE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] readNanos = {0};
        long[] writeNanos = {0};
        long start = System.nanoTime();

        Thread reader = new Thread(() -> {
            try {
                read(pool, toInfer, readNanos);
                toInfer.put(END);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                forceOffer(toInfer, END);
            }
        }, "ecdkit-reader");
        Thread writer = new Thread(() -> {
            try {
                write(merge, toWrite, pool, writeNanos);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                toWrite.clear();
            }
        }, "ecdkit-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();

        long inferenceNanos = 0;
        int batches = 0;
        TileDecoder decoder = null;
        try {
            while (failure.get() == null) {
                Batch batch = toInfer.take();
                if (batch == END) {
                    break;
                }
                float[] output = null;
                if (batch.used() > 0) {
                    long[] shape = encoder.batchShape(fixedBatch ? batchSize : batch.used());
                    Tensor input = new Tensor(shape, batch.input().data());
                    long t0 = System.nanoTime();
                    Tensor result = runner.run(input);
                    inferenceNanos += System.nanoTime() - t0;
                    batches++;
                    if (decoder == null) {
                        decoder = decoderFactory.apply(result.shape());
                    }
                    output = result.data().hasArray() ? result.data().array() : copy(result);
                }
                if (!offer(toWrite, new Decided(batch, output, decoder), failure)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            if (failure.get() == null) {
                putUninterruptibly(toWrite, DONE);
            } else {
                reader.interrupt();
                forceOffer(toWrite, DONE);
            }
        }
        join(reader);
        join(writer);
        Throwable problem = failure.get();
        if (problem instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (problem instanceof Error error) {
            throw error;
        }
        if (problem != null) {
            throw new IllegalStateException("classification interrupted", problem);
        }
        return new StageTimes(readNanos[0], inferenceNanos, writeNanos[0], System.nanoTime() - start, batches);
    }

    private void read(BlockingQueue<Tensor> pool, BlockingQueue<Batch> toInfer, long[] busy) throws InterruptedException {
        List<EncodedTile> tiles = new ArrayList<>();
        Tensor input = null;
        int used = 0;
        for (Tile tile : grid.tiles()) {
            if (input == null) {
                input = pool.take();
            }
            long t0 = System.nanoTime();
            EncodedTile encoded = encoder.encode(tile, input, used);
            busy[0] += System.nanoTime() - t0;
            tiles.add(encoded);
            if (!encoded.skipped()) {
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

    private void write(TileMerge merge, BlockingQueue<Decided> toWrite, BlockingQueue<Tensor> pool, long[] busy)
            throws InterruptedException {
        int done = 0;
        while (true) {
            Decided decided = toWrite.take();
            if (decided == DONE) {
                return;
            }
            long t0 = System.nanoTime();
            for (EncodedTile tile : decided.batch().tiles()) {
                merge.accept(tile, tile.skipped() ? null : decided.output(), decided.decoder());
            }
            busy[0] += System.nanoTime() - t0;
            pool.put(decided.batch().input());
            done += decided.batch().tiles().size();
            progress.tilesDone(done, grid.count());
        }
    }

    private static float[] copy(Tensor tensor) {
        float[] values = new float[tensor.size()];
        tensor.data().duplicate().rewind().get(values);
        return values;
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

    private static <T> boolean offer(BlockingQueue<T> queue, T item, AtomicReference<Throwable> failure) throws InterruptedException {
        while (failure.get() == null) {
            if (queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
