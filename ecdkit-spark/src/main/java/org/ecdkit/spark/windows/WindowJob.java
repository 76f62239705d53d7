package org.ecdkit.spark.windows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.ecdkit.classify.ClassifyWindows;
import org.ecdkit.classify.OutputWindow;
import org.ecdkit.classify.WindowedClassification;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.detect.DetectWindows;
import org.ecdkit.detect.DetectedWindow;
import org.ecdkit.detect.TileRows;
import org.ecdkit.detect.WindowedDetection;
import org.ecdkit.inference.RunnableDefinition;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.spark.ClusterSession;
import org.ecdkit.spark.job.JobFolder;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.job.ShippedDefinition;
import org.ecdkit.spark.job.UnitOutcome;
import org.ecdkit.spark.job.UnitRun;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.progress.FindingNotes;

/**
 * One raster too large for one machine, split into windows on a cluster and assembled into the file
 * one machine's classify (or detect) writes. Windows are whole rows of output tiles (classify) or of
 * the tile grid (detect); each task computes one through the shared pipeline, with the tiles around
 * its rows that one machine would use for them (a halo), and leaves a part file in a work folder
 * beside the output ({@code OUT.ecdkit-windows}); the driver then assembles the parts in order, and
 * removes the work folder once the output is in place. A stopped job re-run with {@code --resume}
 * keeps the windows whose parts are intact.
 */
public final class WindowJob {

    /** Windows are sized so that a continent's raster gives tasks of about this many pixels. */
    static final long WINDOW_PIXELS = 1L << 28;

    private WindowJob() {
    }

    static String partName(int index) {
        return String.format(Locale.ROOT, "window-%05d", index);
    }

    /** The work folder of a windowed job writing {@code output}. */
    public static Path workFolder(Path output) {
        return output.toAbsolutePath().resolveSibling(output.getFileName() + ".ecdkit-windows");
    }

    /**
     * How many rows (of output tiles, or of the grid) a window takes: {@code asked} if given, else as
     * many as keep every task slot busy, but no more than make a window of about
     * {@link #WINDOW_PIXELS} (a continent's raster gives many windows per slot, so a lost task costs
     * little and a resumed job keeps most). Each window border costs a row of model tiles computed
     * twice (the halo), so windows are no smaller than they need to be.
     *
     * @param rows   the rows there are
     * @param pixels the raster's pixels
     * @param slots  task slots in the cluster
     */
    public static int windowRows(int asked, int rows, long pixels, int slots) {
        if (asked > 0) {
            return asked;
        }
        long forSlots = (rows + slots - 1) / Math.max(1, slots);
        long forSize = Math.max(1, (long) ((double) WINDOW_PIXELS * rows / Math.max(1, pixels)));
        return (int) Math.max(1, Math.min(forSlots, forSize));
    }

    /** Classifies {@code input} into {@code output} in windows. */
    public static JobSummary classify(ClusterSession session, Path definition, String input, Path output, JobSettings settings,
            int windowRows, boolean resume, boolean ship, JobProgress progress) {
        long planStart = System.nanoTime();
        FindingNotes noting = new FindingNotes(progress);
        int slots = session.executors() * session.slots();
        long imageWidth;
        long pixels;
        int tileRows;
        try (RasterSource source = RasterSources.open(input)) {
            imageWidth = source.width();
            pixels = imageWidth * source.height();
            tileRows = (source.height() + WindowParts.TILE - 1) / WindowParts.TILE;
        }
        int rows = windowRows(windowRows, tileRows, pixels, slots);
        WindowedClassification planned = ClassifyWindows.plan(definition, input, output, settings.classify(), rows,
                session.describe(), noting);
        JobSettings pinned = JobSettings.of(planned.pinned()).withThreads(settings.threads());
        List<WindowWork.Unit> units = new ArrayList<>();
        for (OutputWindow window : planned.windows()) {
            units.add(new WindowWork.Unit(window, null, imageWidth * (window.bottom() - window.top())));
        }
        progress.planned(planned.plan().describe().strip() + String.format(Locale.ROOT,
                "%nWindows: %d of %d output rows, %.1f Mpixel in all, on %s%n", units.size(), rows * WindowParts.TILE,
                pixels / 1e6, session.describe()));
        Run run = run(session, definition, input, output, pinned, rows, units, resume, ship, progress, planStart);
        if (!run.failures().isEmpty()) {
            return run.summary(0, output);
        }
        long finishStart = System.nanoTime();
        ClassifyWindows.assemble(definition, input, output, planned.pinned(), () -> parts(run.folder(), units.size(),
                WindowParts::readClassified), session.describe(), noting);
        long finish = System.nanoTime() - finishStart;
        remove(run.folder().folder());
        return run.summary(finish, output);
    }

    /** Detects objects in {@code input} into {@code output} in windows of the tile grid. */
    public static JobSummary detect(ClusterSession session, Path definition, String input, Path output, JobSettings settings,
            int windowRows, boolean resume, boolean ship, JobProgress progress) {
        long planStart = System.nanoTime();
        FindingNotes noting = new FindingNotes(progress);
        int slots = session.executors() * session.slots();
        // Planned with one grid row per window, to learn the grid; the windows are then that many rows each.
        WindowedDetection planned = DetectWindows.plan(definition, input, output, settings.detectOptions(), 1, session.describe(),
                noting);
        long width;
        long height;
        try (RasterSource source = RasterSources.open(input)) {
            width = source.width();
            height = source.height();
        }
        int gridRows = planned.windows().size();
        int rows = windowRows(windowRows, gridRows, width * height, slots);
        JobSettings pinned = JobSettings.of(planned.pinned()).withThreads(settings.threads());
        List<WindowWork.Unit> units = new ArrayList<>();
        for (int first = 0; first < gridRows; first += rows) {
            TileRows window = new TileRows(units.size(), first, Math.min(gridRows, first + rows));
            units.add(new WindowWork.Unit(null, window, width * height * (window.end() - window.first()) / gridRows));
        }
        progress.planned(planned.plan().describe().strip() + String.format(Locale.ROOT,
                "%nWindows: %d of %d tile rows, %.1f Mpixel in all, on %s%n", units.size(), rows, width * height / 1e6,
                session.describe()));
        Run run = run(session, definition, input, output, pinned, rows, units, resume, ship, progress, planStart);
        if (!run.failures().isEmpty()) {
            return run.summary(0, output);
        }
        long finishStart = System.nanoTime();
        List<DetectedWindow> windows = new ArrayList<>();
        parts(run.folder(), units.size(), WindowParts::readDetected).forEachRemaining(windows::add);
        DetectWindows.assemble(definition, input, output, planned.pinned(), windows, session.describe(), noting);
        long finish = System.nanoTime() - finishStart;
        remove(run.folder().folder());
        return run.summary(finish, output);
    }

    /** What the tasks left: the work folder, the outcomes, and the figures so far. */
    private record Run(JobFolder folder, List<UnitOutcome> outcomes, int skipped, int retried, long startupNanos, long planNanos,
            long tasksNanos) {

        List<UnitOutcome> failures() {
            return outcomes.stream().filter(o -> !o.succeeded()).toList();
        }

        JobSummary summary(long finishNanos, Path output) {
            return new JobSummary(JobSummary.Shape.WINDOWS, outcomes, skipped, retried, startupNanos, planNanos, tasksNanos, finishNanos,
                    failures().isEmpty() ? output.toString() : "none: the work folder " + folder.folder()
                            + " keeps the finished windows for --resume");
        }
    }

    private static Run run(ClusterSession session, Path definition, String input, Path output, JobSettings pinned, int rows,
            List<WindowWork.Unit> units, boolean resume, boolean ship, JobProgress progress, long planStart) {
        RunnableDefinition runnable = RunnableDefinition.open(definition, pinned.allowChangedModel(), f -> { });
        Path work = workFolder(output);
        JobFolder folder = JobFolder.open(work, new JobFolder.JobIdentity(definition.toAbsolutePath().toString(),
                Sha256.ofFile(definition), pinned.fingerprint() + " input=" + input + " windowRows=" + rows), resume);
        List<WindowWork.Unit> todo = new ArrayList<>();
        for (WindowWork.Unit unit : units) {
            if (!resume || folder.complete(unit.name()).isEmpty()) {
                todo.add(unit);
            }
        }
        if (todo.size() < units.size()) {
            progress.noted((units.size() - todo.size()) + " of " + units.size() + " windows are complete from an earlier run");
        }
        ShippedDefinition shipped = ShippedDefinition.of(session.spark().sparkContext(), runnable, ship);
        long planNanos = System.nanoTime() - planStart;
        UnitRun run = UnitRun.of(session, "ecdkit " + (pinned.detect() ? "detect" : "classify") + ": " + todo.size()
                + " windows of " + input, todo, new WindowWork(shipped, input, output.toAbsolutePath().toString(), work.toString(),
                        pinned, session.slots(), session.maxAttempts()), progress);
        return new Run(folder, run.outcomes(), units.size() - todo.size(), run.retried(), session.startupNanos(), planNanos,
                run.nanos());
    }

    /** Reads the parts in order, each checked against its record first; one in memory at a time. */
    private static <T> Iterator<T> parts(JobFolder folder, int count, java.util.function.Function<Path, T> reader) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public T next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                String name = partName(next++);
                if (folder.complete(name).isEmpty()) {
                    throw new InvalidInputException(Place.of(folder.folder().resolve(name + ".part")), "changed or removed "
                            + "since its task recorded it; run again with --resume to redo that window");
                }
                return reader.apply(folder.folder().resolve(name + ".part"));
            }
        };
    }

    private static void remove(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw StorageException.of("remove", folder, e);
        }
    }
}
