package org.ecdkit.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ecdkit.core.error.UsageException;
import org.junit.jupiter.api.Test;

class TileSettingsTest {

    private static final long GIB = 1L << 30;

    @Test
    void aBatchLargerThanTheGridShrinksToIt() {
        TileSettings sixteen = new TileSettings(256, 256, 256, 256, 8, 16, false);
        assertEquals(9, sixteen.forGrid(9, 4, 8 * GIB).batch());
        assertEquals(16, sixteen.forGrid(400, 4, 8 * GIB).batch());
        assertEquals(1, sixteen.forGrid(0, 4, 8 * GIB).batch(), "a grid of nodata tiles still has a batch");
    }

    @Test
    void aBatchTheModelFixesIsKept() {
        assertEquals(16, new TileSettings(256, 256, 256, 256, 8, 16, true).forGrid(9, 4, 8 * GIB).batch());
    }

    @Test
    void aBatchWhoseInputWouldCrowdTheHeapIsRefusedBeforeAnyAllocation() {
        // 64 tiles x 4 bands x 512 x 512 float32 values: 256 MiB of input, against a 512 MiB heap.
        TileSettings big = new TileSettings(512, 512, 512, 512, 16, 64, false);
        UsageException e = assertThrows(UsageException.class, () -> big.forGrid(1000, 4, GIB / 2));
        assertEquals("a batch of 64 tiles of 512 x 512 pixels x 4 bands is 256 MiB of input per call, more than a quarter "
                + "of the 512 MiB this JVM may use; lower --batch or --tile, or raise the JVM's -Xmx", e.getMessage());
        assertEquals(32, big.forGrid(32, 4, GIB / 2).batch(), "128 MiB is a quarter: allowed");
    }
}
