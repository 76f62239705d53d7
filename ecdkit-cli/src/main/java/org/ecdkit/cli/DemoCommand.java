package org.ecdkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.convert.Conversion;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.detect.DetectObjects;
import org.ecdkit.detect.DetectOptions;
import org.ecdkit.detect.DetectionSummary;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ecdkit demo}: runs the whole job on the bundled example ({@code examples/impervious}),
 * with nothing to choose, and says where the outputs are.
 */
@Command(name = "demo", sortOptions = false,
        description = "Run ecdkit on the bundled examples: inspect the example model, convert it with its class info into "
                + "a definition, classify the example scene with it (examples/impervious), then detect the objects of "
                + "examples/detection with its object detector.")
final class DemoCommand extends EcdkitSubcommand {

    @Option(names = "--out", paramLabel = "FOLDER", description = "Where to write the outputs (default: out/demo).")
    Path outFolder;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ecdkit.home", "."));
        Path example = home.resolve("examples/impervious");
        Path model = example.resolve("model.onnx");
        Path classInfo = example.resolve("classes.json");
        Path scene = example.resolve("scene.tif");
        if (!Files.isRegularFile(model) || !Files.isRegularFile(classInfo) || !Files.isRegularFile(scene)) {
            throw new StorageException("cannot find the bundled example in " + example
                    + "; run ./ecdkit demo from the repository", null);
        }
        Path folder = outFolder != null ? outFolder : home.resolve("out/demo");
        Files.createDirectories(folder);

        out().println("1. Inspecting the example model, without a deep-learning runtime:");
        out().println();
        Inspection inspection = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
        out().println(SignatureTable.render(home.relativize(model.toAbsolutePath().normalize()).normalize().toString(),
                inspection, java.util.Optional.empty())
                .indent(3).stripTrailing());
        out().println();

        Path definition = folder.resolve("impervious.ecd");
        out().println("2. Converting it with " + classInfo.getFileName() + " into a classifier definition, checked against the model:");
        Conversion done = DeepLearningModelToEcd.run(model, classInfo, definition);
        report(done.findings());
        out().println("   wrote " + definition + " (" + done.definition().first().numberClasses() + " classes, "
                + done.definition().first().numberBands() + " bands)");
        out().println();

        Path classified = folder.resolve("impervious-classes.tif");
        Path preview = folder.resolve("impervious-preview.png");
        out().println("3. Classifying " + home.relativize(scene.toAbsolutePath().normalize()) + " with the definition:");
        ClassificationSummary summary = ClassifyRaster.run(definition, scene, classified,
                ClassifyOptions.DEFAULT.withPreview(preview), quietRun());
        out().print(summary.describe().indent(3));
        out().println();

        Path detection = home.resolve("examples/detection");
        Path detector = folder.resolve("detector.ecd");
        Path objects = folder.resolve("objects.geojson");
        out().println("4. Converting the detector of " + home.relativize(detection.toAbsolutePath().normalize())
                + " and detecting its scene's objects:");
        Conversion detectorDone = DeepLearningModelToEcd.run(detection.resolve("detector.onnx"), detection.resolve("classes.json"),
                detector);
        report(detectorDone.findings().stream().filter(f -> f.severity() != org.ecdkit.core.report.Severity.NOTE).toList());
        DetectionSummary found = DetectObjects.run(detector, detection.resolve("scene.tif"), objects, DetectOptions.DEFAULT,
                quietRun());
        out().print(found.describe().indent(3));
        out().println();
        out().println("Outputs are in " + folder + ":");
        out().println("  impervious.ecd           the classifier definition");
        out().println("  impervious-classes.tif   the classified GeoTIFF (try: gdalinfo " + classified + ")");
        out().println("  impervious-classes.tif.aux.xml   its attribute table (class names, colours, pixel counts)");
        out().println("  impervious-preview.png   a picture of the result with a legend");
        out().println("  detector.ecd             the object detector's definition");
        out().println("  objects.geojson          one polygon per object, in the scene's CRS (try: ogrinfo -al -so " + objects + ")");
        return 0;
    }

    /** The plan indented under its step, findings as they come, and no progress bar: the example is small. */
    private ConsoleListener quietRun() {
        return new ConsoleListener(out(), finding -> report(List.of(finding)), new ProgressBar(err(), false), true, 97, "   ");
    }
}
