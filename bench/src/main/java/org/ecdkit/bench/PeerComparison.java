package org.ecdkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecdkit.inference.tiling.TileGrid;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;

/**
 * ecdkit against the script a user would write instead ({@code bench/peer/classify_gdal_ort.py}: GDAL
 * reads, ONNX Runtime for Python scores, numpy takes the argmax, GDAL writes), on the same generated
 * scene, for a small fully convolutional model and, where PyTorch and torchvision can export it, for
 * torchvision's LR-ASPP MobileNetV3-Large. Each round runs, one after another: the script with the
 * settings a user would pick, {@code ecdkit classify} with the same settings, {@code ecdkit classify}
 * with no settings (its defaults), and the model alone on the same calls (in this JVM, nothing else
 * running). Both tools run as the user runs them, one process each, timed from outside; rounds
 * alternate so that drifts in the machine's speed fall on every side. The report gives medians and
 * their ratios, and checks that the two tools' outputs agree pixel for pixel at equal settings.
 *
 * <pre>bench/run PeerComparison [FOLDER] [ROUNDS] [WIDTHxHEIGHT]</pre>
 *
 * The script's Python is {@code $PEER_PYTHON} (default {@code python3}); it needs numpy, GDAL's
 * bindings (Debian's python3-gdal) and onnxruntime (the local wheel index). LR-ASPP is exported by
 * {@code $LRASPP_PYTHON} (default {@code /usr/bin/python3}, with Debian's python3-torchvision), or
 * taken from FOLDER/lraspp.onnx. Whatever is missing is skipped with a message.
 */
public final class PeerComparison {

    private static final Pattern ECDKIT_WALL = Pattern.compile("time: ([0-9.]+) s wall.*?inference ([0-9.]+) s");
    private static final Pattern SCRIPT_WALL = Pattern.compile("wall ([0-9.]+) run ([0-9.]+)");

    /** A model under comparison and the settings a user of the script would give it. */
    private record Subject(String name, Path onnx, Path definition, int tile, int padding, int batch) {
    }

    /** One run's times: the process, as the user waits for it; its own wall; the time in model calls. */
    private record Times(double process, double wall, double model) {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("ecdkit.home", ".")).toAbsolutePath().normalize();
        Path folder = Path.of(args.length > 0 ? args[0] : "target/peer-comparison").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] size = (args.length > 2 ? args[2] : "8000x6000").split("x");
        int width = Integer.parseInt(size[0]);
        int height = Integer.parseInt(size[1]);
        String python = System.getenv().getOrDefault("PEER_PYTHON", "python3");
        Path script = home.resolve("bench/peer/classify_gdal_ort.py");
        Path launcher = home.resolve("ecdkit");
        if (!Files.isRegularFile(script) || !Files.isExecutable(launcher)) {
            System.out.println("PeerComparison skipped: run it from the project's root (bench/run sets ecdkit.home)");
            return;
        }
        String versions = output(List.of(python, "-c",
                "import numpy, onnxruntime; from osgeo import gdal; print('onnxruntime', onnxruntime.__version__, 'GDAL', gdal.__version__, 'numpy', numpy.__version__)"));
        if (versions == null) {
            System.out.println("PeerComparison skipped: " + python + " cannot import numpy, onnxruntime and GDAL's bindings. "
                    + "Make one that can: apt-get install python3-gdal; python3 -m venv --system-site-packages V; "
                    + "V/bin/pip install --index-url file:///opt/pypi onnxruntime 'numpy<2'; then PEER_PYTHON=V/bin/python");
            return;
        }
        Files.createDirectories(folder);
        Path scene = BenchScenes.scene(folder.resolve("scene-" + width + "x" + height + "-3band.tif"), width, height, 3,
                SampleType.UINT8, true);
        System.out.printf("scene %s; script's Python: %s; java %s, %d cores%n", scene.getFileName(), versions.strip(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        List<Subject> subjects = new ArrayList<>();
        Path fcn = BenchScenes.smallFcn(folder.resolve("fcn3.onnx"), 3);
        subjects.add(new Subject("3 convolutions (fcn3)", fcn, BenchScenes.definition(folder, fcn, 3, 5, "fcn3", 4), 512, 16, 4));
        Path lraspp = lraspp(home, folder);
        if (lraspp != null) {
            subjects.add(new Subject("LR-ASPP MobileNetV3-Large", lraspp,
                    BenchScenes.definition(folder, lraspp, 3, 5, "lraspp", 2), 512, 32, 2));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        for (Subject subject : subjects) {
            compare(subject, scene, width, height, rounds, threads, python, script, launcher, folder);
        }
    }

    private static void compare(Subject subject, Path scene, int width, int height, int rounds, int threads, String python,
            Path script, Path launcher, Path folder) throws IOException, InterruptedException {
        Path scriptOut = folder.resolve("script.tif");
        Path equalOut = folder.resolve("ecdkit-equal.tif");
        Path defaultOut = folder.resolve("ecdkit-defaults.tif");
        List<String> scriptRun = List.of(python, script.toString(), subject.onnx().toString(), scene.toString(),
                scriptOut.toString(), "" + subject.tile(), "" + subject.padding(), "" + subject.batch(), "" + threads, "5");
        List<String> equalRun = List.of(launcher.toString(), "classify", subject.definition().toString(), scene.toString(),
                equalOut.toString(), "--tile=" + subject.tile(), "--padding=" + subject.padding(), "--batch=" + subject.batch(),
                "--threads=" + threads);
        List<String> defaultRun = List.of(launcher.toString(), "classify", subject.definition().toString(), scene.toString(),
                defaultOut.toString());
        int tiles = TileGrid.cropped(width, height, subject.tile(), subject.tile(), subject.padding()).count();
        System.out.printf("%n%s: the script's settings tile %d, padding %d, batch %d, %d threads (%d tiles); first round unreported%n",
                subject.name(), subject.tile(), subject.padding(), subject.batch(), threads, tiles);
        List<Times> scripts = new ArrayList<>();
        List<Times> equal = new ArrayList<>();
        List<Times> defaults = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        String defaultPlan = "";
        for (int round = 0; round <= rounds; round++) {
            Times s = timed(scriptRun, SCRIPT_WALL);
            Times e = timed(equalRun, ECDKIT_WALL);
            Times d = timed(defaultRun, ECDKIT_WALL);
            double a = ModelAlone.seconds(subject.onnx(), tiles, subject.batch(), 3, subject.tile(), subject.tile(), threads);
            if (round == 0) {
                defaultPlan = plan(defaultRun);
                continue;
            }
            scripts.add(s);
            equal.add(e);
            defaults.add(d);
            alone.add(a);
            System.out.printf("round %d: script %.2f s, ecdkit %.2f s, ecdkit with its defaults %.2f s, model alone %.2f s%n",
                    round, s.process(), e.process(), d.process(), a);
        }
        double modelAlone = median(alone);
        System.out.println("| run | process wall s | own wall s | in model calls s | own wall / model alone | script's wall / this |");
        System.out.println("|---|---|---|---|---|---|");
        row("GDAL + ONNX Runtime script", scripts, modelAlone, median(scripts, Times::process));
        row("ecdkit, the script's settings", equal, modelAlone, median(scripts, Times::process));
        row("ecdkit, its defaults", defaults, modelAlone, median(scripts, Times::process));
        System.out.printf("| model alone, the script's settings | | %.2f | %.2f | 1.000 | |%n", modelAlone, modelAlone);
        System.out.println("ecdkit's defaults: " + defaultPlan);
        System.out.println("outputs at equal settings: " + difference(scriptOut, equalOut));
    }

    private static void row(String name, List<Times> times, double modelAlone, double scriptProcess) {
        double process = median(times, Times::process);
        double wall = median(times, Times::wall);
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.3f | %.3f |%n", name, process, wall, median(times, Times::model),
                wall / modelAlone, scriptProcess / process);
    }

    /** Runs a command, timing it from outside, and reads its own wall and model times from what it prints. */
    private static Times timed(List<String> command, Pattern times) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String printed = output(command);
        double process = (System.nanoTime() - t0) / 1e9;
        if (printed == null) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
        Matcher m = times.matcher(printed.replace('\n', ' '));
        if (!m.find()) {
            throw new IllegalStateException("no times in what " + command.get(0) + " printed:\n" + printed);
        }
        return new Times(process, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
    }

    /** The settings ecdkit's plan chose: its sentence from "Tiles of" to the number of calls. */
    private static String plan(List<String> command) throws IOException, InterruptedException {
        String printed = output(command);
        Matcher m = Pattern.compile("Tiles of .*? calls\\)").matcher(printed == null ? "" : printed.replace('\n', ' '));
        return m.find() ? m.group() : "?";
    }

    /** What a command printed (stdout and stderr), or null where it failed. */
    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? printed : null;
    }

    /** The model torchvision's fixture script exports, or null (with a message) where it cannot. */
    private static Path lraspp(Path home, Path folder) throws IOException, InterruptedException {
        Path model = folder.resolve("lraspp.onnx");
        if (Files.isRegularFile(model)) {
            return model;
        }
        String python = System.getenv().getOrDefault("LRASPP_PYTHON", "/usr/bin/python3");
        if (output(List.of(python, home.resolve("bench/peer/export_lraspp.py").toString(), model.toString(), "5")) == null
                || !Files.isRegularFile(model)) {
            System.out.println("LR-ASPP skipped: " + python + " could not export it (needs PyTorch, torchvision and onnx: "
                    + "apt-get install python3-torchvision python3-onnx), nor is there " + model);
            return null;
        }
        return model;
    }

    /** "identical", or how many pixels differ, read back by ecdkit's own reader. */
    private static String difference(Path a, Path b) {
        try (RasterSource x = RasterSources.open(a); RasterSource y = RasterSources.open(b)) {
            if (x.width() != y.width() || x.height() != y.height()) {
                return "sizes differ";
            }
            long differ = 0;
            float[] rowA = new float[x.width()];
            float[] rowB = new float[x.width()];
            for (int row = 0; row < x.height(); row++) {
                Window window = new Window(0, row, x.width(), 1);
                x.read(window, new int[] {0}, rowA);
                y.read(window, new int[] {0}, rowB);
                for (int i = 0; i < rowA.length; i++) {
                    differ += rowA[i] == rowB[i] ? 0 : 1;
                }
            }
            return differ == 0 ? "identical, every pixel" : differ + " pixels differ";
        }
    }

    private static double median(List<Times> times, java.util.function.ToDoubleFunction<Times> field) {
        return median(times.stream().map(field::applyAsDouble).toList());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
