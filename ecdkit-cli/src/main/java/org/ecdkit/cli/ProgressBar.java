package org.ecdkit.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on a terminal: tiles done, rate, time left. Redrawn at most four times a
 * second, and never drawn when the output is not a terminal (a log file gets no carriage returns).
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    synchronized void update(int done, int total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String left = rate > 0 && done < total ? duration((total - done) / rate) + " left" : duration(seconds);
        err.printf("\r  [%s%s] %3d%%  %d/%d tiles  %.1f tiles/s  %s   ", "#".repeat(filled), "-".repeat(WIDTH - filled),
                total == 0 ? 100 : 100L * done / total, done, total, rate, left);
        err.flush();
        drawn = true;
    }

    /** Ends the bar's line, if one was drawn. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
