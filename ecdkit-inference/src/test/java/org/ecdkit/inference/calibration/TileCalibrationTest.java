package org.ecdkit.inference.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The choice alone, with made-up call times: a 4,096 x 4,096 image, tiles without padding, so a tile
 * of side t in batches of b needs (4096 / t)^2 / b calls.
 */
class TileCalibrationTest {

    private static final CallShape DEFAULT = new CallShape(512, 4);
    private static final List<CallShape> CANDIDATES = List.of(new CallShape(256, 2), new CallShape(512, 1),
            DEFAULT, new CallShape(1024, 2));

    private static long calls(CallShape shape) {
        long tiles = (long) Math.ceil(4096.0 / shape.tile()) * (long) Math.ceil(4096.0 / shape.tile());
        return (tiles + shape.batch() - 1) / shape.batch();
    }

    /** Times in proportion to pixels, each call also paying {@code overhead} seconds; records what it timed. */
    private static TileCalibration.CallTimer timer(double perMegapixel, double overhead, List<CallShape> timed) {
        return new TileCalibration.CallTimer() {
            @Override
            public double secondsPerCall(CallShape shape) {
                timed.add(shape);
                return seconds(shape);
            }

            @Override
            public double ratio(CallShape shape, CallShape reference) {
                timed.add(shape);
                return seconds(shape) / seconds(reference);
            }

            private double seconds(CallShape shape) {
                return overhead + perMegapixel * shape.pixels() / 1e6;
            }
        };
    }

    /** A machine twice as fast when the default is timed as when the others are: ratios are what count. */
    private static TileCalibration.CallTimer drifting(double perMegapixel) {
        return new TileCalibration.CallTimer() {
            @Override
            public double secondsPerCall(CallShape shape) {
                return perMegapixel * shape.pixels() / 1e6 / 2;
            }

            @Override
            public double ratio(CallShape shape, CallShape reference) {
                return (double) shape.pixels() / reference.pixels();
            }
        };
    }

    @Test
    void choosesTheSettingWhoseCallsTakeLeastInAll() {
        List<CallShape> timed = new ArrayList<>();
        // A large cost per call (a GPU's launch, say): fewer, larger calls win.
        TileCalibration.Choice choice = TileCalibration.choose(DEFAULT, CANDIDATES, Map.of(), timer(0.1, 0.1, timed),
                TileCalibrationTest::calls, 10.0);
        assertEquals(new CallShape(1024, 2), choice.chosen());
        assertEquals(4, choice.measured());
        assertTrue(choice.complete());
        assertEquals(DEFAULT, timed.get(0), "the default first: its time sets the budget");
        assertEquals(List.of(new CallShape(256, 2), new CallShape(512, 1), new CallShape(1024, 2)), timed.subList(1, 4),
                "the cheapest to time first");
    }

    @Test
    void aGainWithinTheNoiseKeepsTheDefault() {
        // 0.1 s per megapixel and 1 ms per call: 1024 x 2's 8 calls save 8 ms of the default's 1.69 s, under 15%.
        TileCalibration.Choice choice = TileCalibration.choose(DEFAULT, CANDIDATES, Map.of(), timer(0.1, 0.001, new ArrayList<>()),
                TileCalibrationTest::calls, 10.0);
        assertEquals(DEFAULT, choice.chosen());
    }

    @Test
    void timesOnlyWhatTheBudgetAllowsCheapestFirst() {
        List<CallShape> timed = new ArrayList<>();
        // The default's 16 calls of 0.1 s estimate 1.7 s; 5% is 84 ms, which the default's own timing
        // (four calls, 0.42 s) already exceeds: nothing else is timed.
        TileCalibration.Choice choice = TileCalibration.choose(DEFAULT, CANDIDATES, Map.of(), timer(0.1, 0, timed),
                TileCalibrationTest::calls, TileCalibration.BUDGET_SHARE);
        assertEquals(List.of(DEFAULT), timed);
        assertFalse(choice.complete());
        assertEquals(DEFAULT, choice.chosen());
        // With a budget of 70% (1.17 s): the default (4 calls, 0.42 s) and 256 x 2 against it (6 of its
        // calls and 5 of the default's, 0.60 s) are timed; 512 x 1 (0.68 s more) would pass the budget.
        timed.clear();
        choice = TileCalibration.choose(DEFAULT, CANDIDATES, Map.of(), timer(0.1, 0, timed), TileCalibrationTest::calls, 0.7);
        assertEquals(List.of(DEFAULT, new CallShape(256, 2)), timed);
        assertFalse(choice.complete());
    }

    @Test
    void timesKnownEarlierAreNotTimedAgain() {
        List<CallShape> timed = new ArrayList<>();
        Map<CallShape, Double> known = Map.of(DEFAULT, 0.15, new CallShape(512, 1), 0.09, new CallShape(256, 2), 0.06);
        TileCalibration.Choice choice = TileCalibration.choose(DEFAULT, CANDIDATES, known, timer(0.1, 0.1, timed),
                TileCalibrationTest::calls, 10.0);
        assertEquals(List.of(new CallShape(1024, 2)), timed);
        assertEquals(1, choice.measured());
        assertEquals(4, choice.times().size());
        assertEquals(0.15, choice.times().get(DEFAULT), "a known time is kept as it was");
        // Everything known: nothing timed, the same choice.
        timed.clear();
        TileCalibration.Choice again = TileCalibration.choose(DEFAULT, CANDIDATES, choice.times(), timer(0.1, 0.1, timed),
                TileCalibrationTest::calls, 10.0);
        assertEquals(List.of(), timed);
        assertEquals(0, again.measured());
        assertEquals(choice.chosen(), again.chosen());
    }

    @Test
    void aDriftInTheMachinesSpeedBetweenTimingsDoesNotDecide() {
        // Every setting costs the same per pixel; the default was timed while the machine ran twice as
        // fast. Timed against the default call for call, no other setting looks faster than it is.
        TileCalibration.Choice choice = TileCalibration.choose(DEFAULT, CANDIDATES, Map.of(), drifting(0.1),
                TileCalibrationTest::calls, 10.0);
        assertEquals(DEFAULT, choice.chosen());
        assertEquals(choice.times().get(DEFAULT) / 4, choice.times().get(new CallShape(512, 1)), 1e-12,
                "a quarter of the pixels, a quarter of the default's time");
    }
}
