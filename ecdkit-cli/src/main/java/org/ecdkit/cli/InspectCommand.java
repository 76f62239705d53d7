package org.ecdkit.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.json.JsonWriter;
import org.ecdkit.interop.DescribedModel;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.translate.ModelTranslation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecdkit inspect MODEL [--json]}: what a model file says about itself, read without a runtime.
 * Given a description instead (.ecd, .emd, .dlpk, STAC MLM item), the model it names is inspected,
 * and the description's classes are shown beside what the model says.
 */
@Command(name = "inspect", sortOptions = false,
        description = "Show a model's format, producer, inputs and outputs (type, shape, layout, bands, classes) as a "
                + "table or as JSON. No deep-learning runtime is used and weights are not read. Given an .ecd, .emd, "
                + ".dlpk or STAC MLM item, inspects the model it names (a package's is read from a scratch copy) and "
                + "lists its classes. For a model ecdkit runs by translation to ONNX (Keras), says whether it translates, "
                + "and if not, which layers stop it.")
final class InspectCommand extends EcdkitSubcommand {

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (or SavedModel folder), or a "
            + "description naming it.")
    Path model;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    ModelChoices choices;

    @Override
    public Integer call() {
        Optional<DescribedModel> described = DescribedModel.open(model);
        try {
            Path file = described.map(DescribedModel::model).orElse(model);
            String label = described.map(DescribedModel::modelLabel).orElse(model.toString());
            Inspection inspection = ModelInspectors.standard().inspect(file, choices.inspectOptions());
            if (json) {
                out().print(JsonWriter.write(InspectionJson.write(label, inspection,
                        described.map(DescribedModel::description))));
            } else {
                out().print(SignatureTable.render(label, inspection, described.map(DescribedModel::description)));
            }
            out().flush();
            described.ifPresent(d -> report(d.description().findings()));
            report(inspection.findings());
            report(ModelTranslation.findings(file, inspection.signature().format()));
            return inspection.findings().stream().anyMatch(f -> f.isError()) ? ExitCode.INVALID_INPUT.code() : 0;
        } finally {
            described.ifPresent(DescribedModel::close);
        }
    }
}
