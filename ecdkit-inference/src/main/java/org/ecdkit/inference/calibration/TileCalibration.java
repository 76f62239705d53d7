package org.ecdkit.inference.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses the tile and batch under which a run's model calls take least time in all, by timing a
 * few calls of each setting with real pixels. A call's time depends on the machine, the runtime and
 * the model more than any rule predicts: a CPU's caches favour small tiles, a GPU large batches, and
 * padding makes small tiles compute more pixels twice. So the run's own calls decide, within a budget
 * of {@value #BUDGET_SHARE_PERCENT}% of the run's estimated model time, the cheapest settings first;
 * what is measured is kept (a {@link CalibrationStore}) so that later runs of the model on the same
 * machine time nothing, or only what an earlier, smaller run had no budget for.
 *
 * <p>A machine's speed drifts: on the shared 2-core machine of docs/performance.md the same calls
 * ran 30 % faster or slower from one minute to the next, so settings timed one after the other were
 * compared as much with the machine's mood as with each other (a batch of 1 timed 28 % faster per
 * tile than the default batch of 2, and ran as fast alone). A setting is therefore timed against the
 * default, call for call in turn, and kept as the median of their ratios times the default's time:
 * a drift slower than a call cancels out. Each shape first gets one untimed call (a runtime plans and
 * allocates for each new shape).
 */
public final class TileCalibration {

    static final int BUDGET_SHARE_PERCENT = 5;
    /** The share of a run's estimated model time a calibration may spend timing. */
    public static final double BUDGET_SHARE = BUDGET_SHARE_PERCENT / 100.0;
    /** Timed calls of the default: the median of so many. */
    public static final int TIMED_CALLS = 3;
    /** Calls the default's own timing makes: one untimed, then the timed ones. */
    public static final int CALLS_PER_SHAPE = TIMED_CALLS + 1;
    /** Pairs of calls, the setting's and the default's, whose median ratio a comparison keeps. */
    public static final int COMPARED_PAIRS = 5;
    /** Calls another setting's timing makes: its untimed call, then the pairs. */
    public static final int CALLS_PER_COMPARISON = 1 + 2 * COMPARED_PAIRS;
    /**
     * How much faster another setting must be than the default to replace it. Even compared call for
     * call, single ratios on the shared machine ranged from 0.25 to 0.5 for the same two settings in a
     * JVM's first seconds (its compiler threads compete): a smaller gain is not to be trusted.
     */
    static final double SWITCH_GAIN = 0.15;

    private TileCalibration() {
    }

    /** How calls are timed: the default alone, another setting against it. */
    public interface CallTimer {

        /** Seconds one call of {@code shape} takes. */
        double secondsPerCall(CallShape shape);

        /** How long a call of {@code shape} takes for each second a call of {@code reference} takes. */
        double ratio(CallShape shape, CallShape reference);
    }

    /** Calls a run needs at a shape: its tiles over the image, divided into batches. */
    public interface CallCount {
        long calls(CallShape shape);
    }

    /**
     * A timer for the model's calls: {@code prepare} makes the input of a shape and returns its call.
     * The inputs of two shapes may share memory: what a call computes is never read.
     */
    public static CallTimer timing(Function<CallShape, Runnable> prepare) {
        return new CallTimer() {
            @Override
            public double secondsPerCall(CallShape shape) {
                Runnable call = prepare.apply(shape);
                call.run();
                double[] seconds = new double[TIMED_CALLS];
                for (int i = 0; i < TIMED_CALLS; i++) {
                    seconds[i] = seconds(call);
                }
                return median(seconds);
            }

            @Override
            public double ratio(CallShape shape, CallShape reference) {
                Runnable call = prepare.apply(shape);
                call.run();
                Runnable base = prepare.apply(reference);
                double[] ratios = new double[COMPARED_PAIRS];
                for (int i = 0; i < COMPARED_PAIRS; i++) {
                    double b = seconds(base);
                    ratios[i] = seconds(call) / b;
                }
                return median(ratios);
            }
        };
    }

    private static double seconds(Runnable call) {
        long t0 = System.nanoTime();
        call.run();
        return Math.max(1, System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
            double predicted = ((1 + COMPARED_PAIRS) * (double) shape.pixels() / current.pixels() + COMPARED_PAIRS) * perCall;
            if (spent + predicted > budget) {
                complete = false;
                break;
            }
            double seconds = timer.ratio(shape, current) * perCall;
            times.put(shape, seconds);
            spent += (1 + COMPARED_PAIRS) * seconds + COMPARED_PAIRS * perCall;
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
