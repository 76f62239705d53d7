package org.ecdkit.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.FileKind;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.translate.ModelTranslation;
import org.ecdkit.translate.TranslatedModel;
import org.ecdkit.translate.onnx.OnnxGraph;
import org.ecdkit.interop.DefinitionExport;
import org.ecdkit.interop.ExportFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ecdkit export --to emd|dlpk|mlm|deepness DEFINITION.ecd OUT}: today's formats for a definition;
 * {@code ecdkit export --to onnx MODEL OUT.onnx}: a legacy model translated to ONNX.
 */
@Command(name = "export", sortOptions = false,
        description = {"Write a classifier definition as an Esri model definition (emd), an Esri deep learning package "
                + "(dlpk: the .emd and the model in one zip), a STAC item with the Machine Learning Model extension (mlm, "
                + "validated against the extension's schema), or an ONNX model carrying QGIS Deepness metadata "
                + "(deepness: the graph and weights unchanged).",
            "What the target cannot carry is listed as a warning. `ecdkit convert MODEL OUT DEFINITION.ecd` reads each of "
                + "them back.",
            "With --to onnx, the input is a model file instead: a Keras (.h5, .keras), TFLite or CNTK v2 model is "
                + "translated to ONNX in pure Java, weights included, its inputs' and outputs' names and layout kept; what "
                + "ecdkit cannot translate is refused naming the layer, operator or function, and nothing is written."})
final class ExportCommand extends EcdkitSubcommand {

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "emd, dlpk, mlm, deepness, or onnx.")
    String to;

    @Parameters(index = "0", paramLabel = "DEFINITION.ecd", description = "The definition to export (with --to onnx: "
            + "the model file to translate).")
    Path definition;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (never an input).")
    Path out;

    @Override
    public Integer call() {
        if (to.equals("onnx")) {
            return translate();
        }
        ExportFormat format = ExportFormat.byId(to).orElseThrow(() -> new UsageException("--to " + to
                + " is not a format ecdkit exports; choose emd, dlpk, mlm, deepness or onnx"));
        // Not onDefinition: an .emd or STAC item written from a package's scratch copy would name a model that is gone.
        report(readingDefinition(definition, () -> DefinitionExport.run(definition, format, out)));
        out().printf("wrote %s: %s%n", out, format.format().description());
        return 0;
    }

    private int translate() {
        FileKind.requireRegularFile(definition, "the model to translate");
        ModelFormat format = ModelInspectors.standard().inspect(definition, InspectOptions.DEFAULT).signature().format();
        TranslatedModel translated = ModelTranslation.translate(definition, format);
        ModelTranslation.write(translated, out);
        out().printf(Locale.ROOT, "wrote %s: ONNX (opset %d) translated from %s: %d layers to %d nodes, %.1f MB of weights, "
                + "in %.2f s%n", out, OnnxGraph.OPSET, format.withArticle(), translated.layers(), translated.nodes(),
                translated.weightBytes() / 1e6, translated.nanos() / 1e9);
        return 0;
    }
}
