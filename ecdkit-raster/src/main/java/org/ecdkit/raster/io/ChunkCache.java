package org.ecdkit.raster.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remote bytes with the small reads served from aligned chunks kept in memory: a TIFF's header and
 * directories are read as many reads of a few bytes each, which would otherwise each be a request.
 * Reads of a chunk or more (tiles) go straight through as one request each, so a window fetches
 * only the tiles it needs. Chunks are kept least recently used first out, within a budget of bytes.
 */
public final class ChunkCache implements ByteRanges {

    /** The size of a chunk: a COG's directories (for a 100,000-tile image, ~800 kB) arrive in a few requests. */
    public static final int CHUNK = 64 << 10;

    private final ByteRanges remote;
    private final int maxChunks;
    private final LinkedHashMap<Long, byte[]> chunks = new LinkedHashMap<>(16, 0.75f, true);

    public ChunkCache(ByteRanges remote, long budgetBytes) {
        this.remote = remote;
        this.maxChunks = (int) Math.max(2, budgetBytes / CHUNK);
    }

    @Override
    public String name() {
        return remote.name();
    }

    @Override
    public long size() {
        return remote.size();
    }

    @Override
    public void read(ByteBuffer target, long position) throws IOException {
        if (target.remaining() >= CHUNK) {
            remote.read(target, position);
            return;
        }
        while (target.hasRemaining()) {
            long index = position / CHUNK;
            byte[] chunk = chunk(index);
            int from = (int) (position - index * CHUNK);
            int n = Math.min(target.remaining(), chunk.length - from);
            if (n <= 0) {
                throw new java.io.EOFException(name() + " ends at byte " + size());
            }
            target.put(chunk, from, n);
            position += n;
        }
    }

    private byte[] chunk(long index) throws IOException {
        synchronized (chunks) {
            byte[] cached = chunks.get(index);
            if (cached != null) {
                return cached;
            }
        }
        long start = index * CHUNK;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, size() - start));
        remote.read(buffer, start);
        byte[] chunk = buffer.array();
        synchronized (chunks) {
            chunks.put(index, chunk);
            var eldest = chunks.entrySet().iterator();
            while (chunks.size() > maxChunks && eldest.hasNext()) {
                Map.Entry<Long, byte[]> entry = eldest.next();
                if (entry.getKey() != index) {
                    eldest.remove();
                }
            }
        }
        return chunk;
    }

    @Override
    public void close() {
        remote.close();
    }
}
