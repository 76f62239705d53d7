package org.ecdkit.inference.calibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the tile and batch under which a run's model calls take least time in all, by timing a
 * few calls of each setting with real pixels. A call's time depends on the machine, the runtime and
 * the model more than any rule predicts: a CPU's caches favour small tiles, a GPU large batches, and
 * padding makes small tiles compute more pixels twice. So the run's own calls decide, within a budget
 * of {@value #BUDGET_SHARE_PERCENT}% of the run's estimated model time, the cheapest settings first;
 * what is measured is kept (a {@link CalibrationStore}) so that later runs of the model on the same
 * machine time nothing, or only what an earlier, smaller run had no budget for.
 *
 * <p>Time per call is timed after one untimed call of the shape (a runtime plans and allocates for
 * each new shape) as the median of {@value #TIMED_CALLS} calls: the fastest of a few is a lucky one
 * (measured: a batch of 4 timed 12 % faster per tile than a batch of 2 by its fastest call, and ran
 * 5 to 13 % slower alone).
 */
public final class TileCalibration {

    static final int BUDGET_SHARE_PERCENT = 5;
    /** The share of a run's estimated model time a calibration may spend timing. */
    public static final double BUDGET_SHARE = BUDGET_SHARE_PERCENT / 100.0;
    /** Calls of a shape each measurement makes: one untimed, then the timed ones. */
    public static final int CALLS_PER_SHAPE = 4;
    static final int TIMED_CALLS = CALLS_PER_SHAPE - 1;
    /**
     * How much faster another setting must be than the default to replace it. Calls on a shared 2-core
     * machine vary by 10 to 15 % from one to the next (docs/performance.md): a smaller gain is noise.
     */
    static final double SWITCH_GAIN = 0.10;

    private TileCalibration() {
    }

    /** Seconds one call of a shape takes, timed as the class says. */
    public interface CallTimer {
        double secondsPerCall(CallShape shape);
    }

    /**
     * A timer for the model's calls: {@code prepare} makes the input of a shape and returns its call,
     * which is made once untimed, then timed.
     */
    public static CallTimer timing(java.util.function.Function<CallShape, Runnable> prepare) {
        return shape -> {
            Runnable call = prepare.apply(shape);
            call.run();
            double[] seconds = new double[TIMED_CALLS];
            for (int i = 0; i < TIMED_CALLS; i++) {
                long t0 = System.nanoTime();
                call.run();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            java.util.Arrays.sort(seconds);
            return seconds[TIMED_CALLS / 2];
        };
    }

    /** Calls a run needs at a shape: its tiles over the image, divided into batches. */
    public interface CallCount {
        long calls(CallShape shape);
    }

    /**
     * What was chosen, and what every setting measured so far (earlier runs' too) takes per call.
     *
     * @param chosen   the setting to run with
     * @param times    seconds per call, by setting
     * @param measured how many settings were timed now
     * @param complete whether every candidate has a time
     */
    public record Choice(CallShape chosen, Map<CallShape, Double> times, int measured, boolean complete) {
        public Choice {
            times = Map.copyOf(times);
        }
    }

    /**
     * Times what {@code known} lacks of {@code current} and {@code candidates}, spending at most
     * {@code budgetShare} of the run's estimated model time, the cheapest settings first, and chooses
     * the setting whose calls take least in all; {@code current} unless another is at least
     * {@link #SWITCH_GAIN} faster.
     */
    public static Choice choose(CallShape current, List<CallShape> candidates, Map<CallShape, Double> known, CallTimer timer,
            CallCount calls, double budgetShare) {
        Map<CallShape, Double> times = new LinkedHashMap<>(known);
        int measured = 0;
        if (!times.containsKey(current)) {
            times.put(current, timer.secondsPerCall(current));
            measured++;
        }
        double perCall = times.get(current);
        double budget = budgetShare * calls.calls(current) * perCall;
        double spent = measured * CALLS_PER_SHAPE * perCall;
        List<CallShape> order = new ArrayList<>(candidates);
        order.sort(Comparator.comparingLong(CallShape::pixels));
        boolean complete = true;
        for (CallShape shape : order) {
            if (times.containsKey(shape)) {
                continue;
            }
            double predicted = CALLS_PER_SHAPE * perCall * shape.pixels() / current.pixels();
            if (spent + predicted > budget) {
                complete = false;
                break;
            }
            double seconds = timer.secondsPerCall(shape);
            times.put(shape, seconds);
            spent += CALLS_PER_SHAPE * seconds;
            measured++;
        }
        CallShape best = current;
        double bestTotal = calls.calls(current) * perCall;
        for (CallShape shape : candidates) {
            Double seconds = times.get(shape);
            if (seconds != null && calls.calls(shape) * seconds < bestTotal) {
                best = shape;
                bestTotal = calls.calls(shape) * seconds;
            }
        }
        if (bestTotal > (1 - SWITCH_GAIN) * calls.calls(current) * perCall) {
            best = current;
        }
        return new Choice(best, times, measured, complete);
    }
}
