package org.ecdkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.convert.Conversion;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.core.error.StorageException;
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
        description = "Run ecdkit on the bundled example (examples/impervious): inspect its model and convert it "
                + "with its class info into a definition.")
final class DemoCommand extends EcdkitSubcommand {

    @Option(names = "--out", paramLabel = "FOLDER", description = "Where to write the outputs (default: out/demo).")
    Path outFolder;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ecdkit.home", "."));
        Path example = home.resolve("examples/impervious");
        Path model = example.resolve("model.onnx");
        Path classInfo = example.resolve("classes.json");
        if (!Files.isRegularFile(model) || !Files.isRegularFile(classInfo)) {
            throw new StorageException("cannot find the bundled example in " + example
                    + "; run ./ecdkit demo from the repository", null);
        }
        Path folder = outFolder != null ? outFolder : home.resolve("out/demo");
        Files.createDirectories(folder);

        out().println("1. Inspecting the example model, without a deep-learning runtime:");
        out().println();
        Inspection inspection = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
        out().println(SignatureTable.render(home.relativize(model.toAbsolutePath().normalize()).normalize(), inspection)
                .indent(3).stripTrailing());
        out().println();

        Path definition = folder.resolve("impervious.ecd");
        out().println("2. Converting it with " + classInfo.getFileName() + " into a classifier definition, checked against the model:");
        Conversion done = DeepLearningModelToEcd.run(model, classInfo, definition);
        report(done.findings());
        out().println("   wrote " + definition + " (" + done.definition().first().numberClasses() + " classes, "
                + done.definition().first().numberBands() + " bands)");
        out().println();
        out().println("Outputs are in " + folder);
        return 0;
    }
}
