package org.ecdkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.ecdkit.classify.ClassificationSummary;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.classify.MergeMode;
import org.ecdkit.core.report.Severity;
import org.ecdkit.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecdkit classify DEFINITION.ecd INPUT.tif OUTPUT.tif}: ArcGIS's Classify Raster for deep-learning definitions. */
@Command(name = "classify", sortOptions = false,
        description = "Classify a GeoTIFF of any size with a definition's model, tile by tile, into a georeferenced, "
                + "colour-mapped GeoTIFF with a GDAL attribute table beside it.")
final class ClassifyCommand extends EcdkitSubcommand {

    @Parameters(index = "0", paramLabel = "DEFINITION.ecd", description = "The classifier definition (from convert), or "
            + "an .emd, .dlpk, STAC MLM item or Deepness ONNX model, converted for this run.")
    Path definition;

    @Parameters(index = "1", paramLabel = "INPUT.tif", description = "The imagery to classify.")
    Path input;

    @Parameters(index = "2", paramLabel = "OUTPUT.tif", description = "The classified raster to write (and OUTPUT.tif.aux.xml).")
    Path output;

    @Option(names = "--tile", paramLabel = "PIXELS", description = "Tile side fed to the model (default: the model's, "
            + "the definition's ImageHeight/ImageWidth, or 512).")
    Integer tile;

    @Option(names = "--padding", paramLabel = "PIXELS", description = "Context pixels on each side of a tile's core "
            + "(default: the definition's ModelPadding, or a sixteenth of the tile).")
    Integer padding;

    @Option(names = "--batch", paramLabel = "TILES", description = "Tiles per inference call (default: MiniBatchSize).")
    Integer batch;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the runtime (default: one per core).")
    int threads;

    @Option(names = "--bands", paramLabel = "B,B,...", split = ",",
            description = "Input bands to feed, 1-based as in GDAL (default: ExtractBands, or all).")
    List<Integer> bands = List.of();

    @Option(names = "--nodata", paramLabel = "VALUE", description = "The output's nodata value (default: 0, or the "
            + "type's largest value, whichever no class uses).")
    Long nodata;

    @Option(names = "--merge", paramLabel = "crop|blend", description = "crop: each pixel from the tile whose core holds "
            + "it (default); blend: overlapping tiles' scores averaged with a smooth window.")
    String merge = "crop";

    @Option(names = "--device", paramLabel = "cpu|cuda", description = "Where the model runs (default: cpu).")
    String device = "cpu";

    @Option(names = "--allow-changed-model", description = "Run a model whose SHA-256 no longer matches the definition.")
    boolean allowChangedModel;

    @Option(names = "--preview", paramLabel = "PNG", description = "Also write a small picture of the result with a legend.")
    Path preview;

    @Option(names = {"-q", "--quiet"}, description = "Print neither the plan, the progress nor the summary.")
    boolean quiet;

    @Override
    public Integer call() {
        ClassifyOptions options = new ClassifyOptions(optional(tile), optional(padding), optional(batch),
                threadCount(threads), bands,
                nodata == null ? OptionalLong.empty() : OptionalLong.of(nodata), choice(merge, MergeMode.class, "--merge"),
                choice(device, Device.class, "--device"), allowChangedModel, Optional.ofNullable(preview));
        boolean terminal = System.console() != null;
        ProgressBar bar = new ProgressBar(err(), terminal && !quiet);
        ClassificationSummary summary;
        try {
            summary = onDefinition(definition, !quiet, file -> ClassifyRaster.run(file, input, output, options,
                    new ConsoleListener(out(), finding -> report(List.of(finding)), bar, !quiet, 100, "")));
        } finally {
            bar.finish();
        }
        if (!quiet) {
            out().print(summary.describe());
            out().println("wrote " + summary.output() + " and " + summary.attributeTable()
                    + summary.preview().map(p -> " and " + p).orElse(""));
        }
        return summary.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0;
    }
}
