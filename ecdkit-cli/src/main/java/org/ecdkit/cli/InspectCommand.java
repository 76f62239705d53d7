package org.ecdkit.cli;

import java.nio.file.Path;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.json.JsonWriter;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecdkit inspect MODEL [--json]}: what a model file says about itself, read without a runtime. */
@Command(name = "inspect", sortOptions = false,
        description = "Show a model's format, producer, inputs and outputs (type, shape, layout, bands, classes) as a "
                + "table or as JSON. No deep-learning runtime is used and weights are not read.")
final class InspectCommand extends EcdkitSubcommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (or SavedModel folder).")
    Path model;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    ModelChoices choices;

    @Override
    public Integer call() {
        Inspection inspection = ModelInspectors.standard().inspect(model, choices.inspectOptions());
        if (json) {
            out().print(JsonWriter.write(InspectionJson.write(model, inspection)));
        } else {
            out().print(SignatureTable.render(model, inspection));
        }
        out().flush();
        report(inspection.findings());
        return inspection.findings().stream().anyMatch(f -> f.isError()) ? ExitCode.INVALID_INPUT.code() : 0;
    }
}
