package org.ecdkit.spark.windows;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ecdkit.classify.ClassifiedWindow;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.detect.DetectedWindow;
import org.ecdkit.detect.Detection;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * A window's result as a file in the job's work folder: what lets a stopped job resume without
 * redoing finished windows, and lets the driver assemble the output one window at a time instead of
 * holding the raster in memory. Written by the task under a temporary name and moved into place;
 * read with limits (a part is this program's own, and its digest is checked first, but a file on
 * shared storage can still be cut short): every count is checked against what the window can hold
 * before anything is allocated.
 *
 * <p>Layout, big-endian: an 8-byte magic ({@code ECDKWIN1} for a classified window, {@code ECDKDET1}
 * for a detection window), then the window's numbers, then its tiles (length, bytes) or its boxes
 * (corners, class, score, outline as WKB or length 0).
 */
final class WindowParts {

    private static final byte[] CLASSIFIED = "ECDKWIN1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DETECTED = "ECDKDET1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The output tile's side. */
    static final int TILE = 256;
    /** A deflated 256 x 256 tile of 4-byte values never exceeds this (zlib's bound is a few bytes per 16 KiB). */
    private static final int MAX_TILE_BYTES = TILE * TILE * 4 + 4096;
    private static final int MAX_CLASSES = 1 << 16;
    /** More boxes than this in one window is a damaged file, not a detection. */
    private static final int MAX_BOXES = 50_000_000;
    private static final int MAX_OUTLINE_BYTES = 64 << 20;

    private WindowParts() {
    }

    static void write(Path file, ClassifiedWindow window) {
        AtomicOutput.write(file, List.of(), stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.write(CLASSIFIED);
            out.writeInt(window.index());
            out.writeInt(window.top());
            out.writeInt(window.bottom());
            out.writeInt(window.tilesAcross());
            out.writeInt(window.tiles().size());
            long[] counts = window.counts();
            out.writeInt(counts.length);
            for (long count : counts) {
                out.writeLong(count);
            }
            out.writeLong(window.nodataPixels());
            out.writeLong(window.inferenceNanos());
            out.writeLong(window.wallNanos());
            out.writeInt(window.batches());
            for (byte[] tile : window.tiles()) {
                out.writeInt(tile.length);
                out.write(tile);
            }
            out.flush();
        });
    }

    static ClassifiedWindow readClassified(Path file) {
        try (DataInputStream in = open(file)) {
            magic(in, file, CLASSIFIED);
            int index = in.readInt();
            int top = in.readInt();
            int bottom = in.readInt();
            int across = in.readInt();
            int tiles = in.readInt();
            int expected = across * ((bottom - top + TILE - 1) / TILE);
            if (index < 0 || top < 0 || bottom <= top || across < 1 || across > (1 << 20) || tiles != expected) {
                throw damaged(file, "window " + index + " of rows " + top + " to " + bottom + " with " + tiles + " tiles");
            }
            int classes = in.readInt();
            if (classes < 1 || classes > MAX_CLASSES) {
                throw damaged(file, classes + " classes");
            }
            long[] counts = new long[classes];
            for (int i = 0; i < classes; i++) {
                counts[i] = in.readLong();
            }
            long nodata = in.readLong();
            long inference = in.readLong();
            long wall = in.readLong();
            int batches = in.readInt();
            List<byte[]> encoded = new ArrayList<>(tiles);
            for (int i = 0; i < tiles; i++) {
                int length = in.readInt();
                if (length < 1 || length > MAX_TILE_BYTES) {
                    throw damaged(file, "a tile of " + length + " bytes");
                }
                encoded.add(in.readNBytes(length));
                if (encoded.get(i).length != length) {
                    throw damaged(file, "cut short in tile " + i);
                }
            }
            return new ClassifiedWindow(index, top, bottom, across, encoded, counts, nodata, inference, wall, batches);
        } catch (EOFException e) {
            throw damaged(file, "cut short");
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    static void write(Path file, DetectedWindow window) {
        WKBWriter wkb = new WKBWriter(2);
        AtomicOutput.write(file, List.of(), stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.write(DETECTED);
            out.writeInt(window.index());
            out.writeLong(window.cutAtEdges());
            out.writeLong(window.inferenceNanos());
            out.writeLong(window.wallNanos());
            out.writeInt(window.batches());
            out.writeInt(window.kept().size());
            for (Detection d : window.kept()) {
                out.writeDouble(d.x1());
                out.writeDouble(d.y1());
                out.writeDouble(d.x2());
                out.writeDouble(d.y2());
                out.writeInt(d.classIndex());
                out.writeDouble(d.score());
                Optional<Geometry> outline = d.outline();
                byte[] bytes = outline.map(wkb::write).orElse(new byte[0]);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            out.flush();
        });
    }

    static DetectedWindow readDetected(Path file) {
        WKBReader wkb = new WKBReader();
        try (DataInputStream in = open(file)) {
            magic(in, file, DETECTED);
            int index = in.readInt();
            long cut = in.readLong();
            long inference = in.readLong();
            long wall = in.readLong();
            int batches = in.readInt();
            int boxes = in.readInt();
            if (index < 0 || boxes < 0 || boxes > MAX_BOXES) {
                throw damaged(file, "window " + index + " of " + boxes + " boxes");
            }
            List<Detection> kept = new ArrayList<>(Math.min(boxes, 1 << 16));
            for (int i = 0; i < boxes; i++) {
                double x1 = in.readDouble();
                double y1 = in.readDouble();
                double x2 = in.readDouble();
                double y2 = in.readDouble();
                int classIndex = in.readInt();
                double score = in.readDouble();
                int length = in.readInt();
                if (length < 0 || length > MAX_OUTLINE_BYTES) {
                    throw damaged(file, "an outline of " + length + " bytes");
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length != length) {
                    throw damaged(file, "cut short in box " + i);
                }
                Optional<Geometry> outline = length == 0 ? Optional.empty() : Optional.of(wkb.read(bytes));
                kept.add(new Detection(x1, y1, x2, y2, classIndex, score, outline));
            }
            return new DetectedWindow(index, kept, cut, inference, wall, batches);
        } catch (EOFException e) {
            throw damaged(file, "cut short");
        } catch (ParseException e) {
            throw damaged(file, "an outline that is not WKB (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    private static void magic(DataInputStream in, Path file, byte[] expected) throws IOException {
        byte[] magic = in.readNBytes(expected.length);
        if (!Arrays.equals(magic, expected)) {
            throw damaged(file, "not an ecdkit window part");
        }
    }

    private static InvalidInputException damaged(Path file, String what) {
        return new InvalidInputException(Place.of(file), "damaged window part: " + what);
    }
}
