package org.ecdkit.cli;

import java.nio.file.Path;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.interop.DefinitionExport;
import org.ecdkit.interop.ExportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecdkit export --to emd|dlpk|mlm|deepness DEFINITION.ecd OUT}: today's formats for a definition. */
@Command(name = "export", sortOptions = false,
        description = {"Write a classifier definition as an Esri model definition (emd), an Esri deep learning package "
                + "(dlpk: the .emd and the model in one zip), a STAC item with the Machine Learning Model extension (mlm, "
                + "validated against the extension's schema), or an ONNX model carrying QGIS Deepness metadata "
                + "(deepness: the graph and weights unchanged).",
            "What the target cannot carry is listed as a warning. `ecdkit convert MODEL OUT DEFINITION.ecd` reads each of "
                + "them back."})
final class ExportCommand extends EcdkitSubcommand {

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "emd, dlpk, mlm or deepness.")
    String to;

    @Parameters(index = "0", paramLabel = "DEFINITION.ecd", description = "The definition to export.")
    Path definition;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (never an input).")
    Path out;

    @Override
    public Integer call() {
        ExportFormat format = ExportFormat.byId(to).orElseThrow(() -> new UsageException("--to " + to
                + " is not a format ecdkit exports; choose emd, dlpk, mlm or deepness"));
        // Not onDefinition: an .emd or STAC item written from a package's scratch copy would name a model that is gone.
        report(readingDefinition(definition, () -> DefinitionExport.run(definition, format, out)));
        out().printf("wrote %s: %s%n", out, format.format().description());
        return 0;
    }
}
