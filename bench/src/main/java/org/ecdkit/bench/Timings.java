package org.ecdkit.bench;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** Repeated timings of one action: warm-up runs are discarded, then the median and the spread are kept. */
record Timings(double medianMillis, double minMillis, double maxMillis, int runs) {

    static Timings of(int warmUp, int runs, Callable<?> action) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            action.call();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.call();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Timings(millis[runs / 2], millis[0], millis[runs - 1], runs);
    }

    @Override
    public String toString() {
        return String.format("%.2f ms (min %.2f, max %.2f, %d runs)", medianMillis, minMillis, maxMillis, runs);
    }
}
