package org.ecdkit.spark.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ecdkit.classify.ClassifiedWindow;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.detect.DetectedWindow;
import org.ecdkit.detect.Detection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A window's part file reads back as written, and a damaged one (cut short, not a part, a length
 * field claiming gigabytes) is refused in one line naming the file, before anything large is allocated.
 */
class WindowPartsTest {

    @TempDir
    Path dir;

    private static ClassifiedWindow classified() {
        return new ClassifiedWindow(2, 512, 1000, 2, List.of(new byte[] {1, 2, 3}, new byte[] {4}, new byte[] {5, 6},
                new byte[] {7}), new long[] {10, 20, 30}, 5, 1_000, 2_000, 3);
    }

    @Test
    void partsReadBackAsWritten() throws Exception {
        Path part = dir.resolve("window-00002.part");
        WindowParts.write(part, classified());
        ClassifiedWindow back = WindowParts.readClassified(part);
        assertEquals(List.of(2, 512, 1000, 2), List.of(back.index(), back.top(), back.bottom(), back.tilesAcross()));
        assertArrayEquals(new long[] {10, 20, 30}, back.counts());
        assertArrayEquals(new byte[] {5, 6}, back.tiles().get(2));
        assertEquals(List.of(5L, 1_000L, 2_000L, 3), List.of(back.nodataPixels(), back.inferenceNanos(), back.wallNanos(),
                back.batches()));

        GeometryFactory geometry = new GeometryFactory();
        Detection outlined = new Detection(1.5, 2.25, 10, 12, 1, 0.75, Optional.of(geometry.createPolygon(new Coordinate[] {
            new Coordinate(1.5, 2.25), new Coordinate(10, 2.25), new Coordinate(10, 12), new Coordinate(1.5, 2.25)})));
        Path boxes = dir.resolve("window-00000.part");
        WindowParts.write(boxes, new DetectedWindow(0, List.of(outlined, new Detection(0, 0, 1, 1, 0, 0.5)), 4, 5, 6, 7));
        DetectedWindow read = WindowParts.readDetected(boxes);
        assertEquals(outlined.outline().orElseThrow(), read.kept().get(0).outline().orElseThrow());
        assertEquals(List.of(1.5, 2.25, 10.0, 12.0, 0.75), List.of(read.kept().get(0).x1(), read.kept().get(0).y1(),
                read.kept().get(0).x2(), read.kept().get(0).y2(), read.kept().get(0).score()));
        assertTrue(read.kept().get(1).outline().isEmpty());
        assertEquals(4, read.cutAtEdges());
    }

    @Test
    void damagedPartsAreRefusedNamingTheFile() throws Exception {
        Path part = dir.resolve("window-00002.part");
        WindowParts.write(part, classified());
        byte[] whole = Files.readAllBytes(part);

        Files.write(part, Arrays.copyOf(whole, whole.length - 2));
        InvalidInputException cut = assertThrows(InvalidInputException.class, () -> WindowParts.readClassified(part));
        assertEquals(part + ": damaged window part: cut short", cut.getMessage());

        Path boxes = dir.resolve("boxes.part");
        Files.write(boxes, whole);
        InvalidInputException other = assertThrows(InvalidInputException.class, () -> WindowParts.readDetected(boxes));
        assertTrue(other.getMessage().endsWith("not an ecdkit window part"), other.getMessage());

        // The first tile's length field claims 2 GiB: refused before a byte of it is allocated.
        byte[] bomb = whole.clone();
        int firstTile = 8 + 5 * 4 + 4 + 3 * 8 + 3 * 8 + 4;
        ByteBuffer.wrap(bomb).putInt(firstTile, Integer.MAX_VALUE);
        Files.write(part, bomb);
        InvalidInputException big = assertThrows(InvalidInputException.class, () -> WindowParts.readClassified(part));
        assertTrue(big.getMessage().contains("a tile of 2147483647 bytes"), big.getMessage());

        // A tile count the window's rows and width do not give.
        byte[] count = whole.clone();
        ByteBuffer.wrap(count).putInt(8 + 4 * 4, 1_000_000);
        Files.write(part, count);
        assertTrue(assertThrows(InvalidInputException.class, () -> WindowParts.readClassified(part)).getMessage()
                .contains("with 1000000 tiles"));
    }
}
