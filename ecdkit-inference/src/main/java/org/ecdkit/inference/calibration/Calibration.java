package org.ecdkit.inference.calibration;

import java.util.Locale;

/**
 * What a calibration chose and how it knows, for the plan.
 *
 * @param chosen    the tile and batch the run will use
 * @param measured  how many settings were timed in this run (0: all came from the cache)
 * @param seconds   how long this run spent timing them
 * @param tried     how many settings the choice was made among (timed now or earlier)
 * @param candidates how many settings could have been tried: the rest wait for a run long enough
 *                   to time them within its budget
 */
public record Calibration(CallShape chosen, int measured, double seconds, int tried, int candidates) {

    /** "the fastest of 6 settings, 6 timed now (1.2 s)", or "... measured earlier on this machine". */
    public String describe() {
        String rest = tried < candidates ? String.format(Locale.ROOT, "; %d more to time in longer runs", candidates - tried) : "";
        String settings = tried == 1 ? "setting" : "settings";
        if (measured == 0) {
            return String.format(Locale.ROOT, "the fastest of %d %s measured earlier on this machine%s", tried, settings, rest);
        }
        return String.format(Locale.ROOT, "the fastest of %d %s, %d timed now (%.1f s)%s", tried, settings, measured, seconds,
                rest);
    }
}
