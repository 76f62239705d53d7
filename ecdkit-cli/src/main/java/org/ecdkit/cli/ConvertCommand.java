package org.ecdkit.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.convert.Conversion;
import org.ecdkit.convert.ConversionOptions;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecdkit convert MODEL CLASS_INFO_JSON OUT.ecd}: ArcGIS's Deep Learning Model To Ecd, checked. */
@Command(name = "convert", sortOptions = false,
        description = {"Write an Esri classifier definition (.ecd) for a model and its class-info JSON, after checking "
                + "the class info against the model (bands, classes, tile size).",
            "CLASS_INFO_JSON may also be an .emd, a .dlpk, a STAC MLM item, an .ecd, or an ONNX model with Deepness metadata; "
                + "MODEL may also be a .dlpk or a STAC MLM item, whose model is used (a package's is extracted beside "
                + "OUT.ecd, into a folder named after it)."})
final class ConvertCommand extends EcdkitSubcommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (or SavedModel folder), or a .dlpk or STAC MLM item.")
    Path model;

    @Parameters(index = "1", paramLabel = "CLASS_INFO_JSON", description = "Classes, colours, band count, batch size: a class-info JSON, or a description above.")
    Path classInfo;

    @Parameters(index = "2", paramLabel = "OUT.ecd", description = "The definition to write (never an input).")
    Path out;

    @Option(names = "--allow-mismatch", description = "Write the definition even where the class info contradicts the model.")
    boolean allowMismatch;

    @Option(names = "--input", paramLabel = "NAME", description = "The model input that takes imagery, if several.")
    String input;

    @Option(names = "--output", paramLabel = "NAME", description = "The model output that gives classes, if several.")
    String output;

    @Mixin
    ModelChoices choices;

    @Override
    public Integer call() {
        ConversionOptions options = new ConversionOptions(allowMismatch, Optional.ofNullable(input),
                Optional.ofNullable(output), choices.inspectOptions());
        Conversion done = DeepLearningModelToEcd.run(model, classInfo, out, options);
        report(done.findings());
        ClassifierDefinition definition = done.definition().first();
        ModelReference reference = definition.model().orElseThrow();
        out().printf("wrote %s: %s, %d bands, %d classes, model %s (sha256 %s)%n", out, reference.format().description(),
                definition.numberBands(), definition.numberClasses(), reference.modelFile(),
                reference.sha256().substring(0, 12));
        return 0;
    }
}
