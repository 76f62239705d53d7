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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Parameters(index = "1", paramLabel = "INPUT.tif", description = "The imagery to classify: a GeoTIFF, JPEG 2000 or "
            + "GDAL VRT file, a folder of tiles, or the https:// or s3:// URL of a Cloud Optimized GeoTIFF.")
    String input;

    @Parameters(index = "2", paramLabel = "OUTPUT.tif", description = "The classified Cloud Optimized GeoTIFF to write (and "
            + "OUTPUT.tif.aux.xml): a path, or an s3:// URL it is uploaded to once written.")
    String output;

    @Mixin
    TiledRunOptions run;

    @Option(names = "--padding", paramLabel = "PIXELS", description = "Context pixels on each side of a tile's core "
            + "(default: the definition's ModelPadding, or a sixteenth of the tile).")
    Integer padding;

    @Option(names = "--nodata", paramLabel = "VALUE", description = "The output's nodata value (default: 0, or the "
            + "type's largest value, whichever no class uses).")
    Long nodata;

    @Option(names = "--no-calibration", description = "With neither --tile nor --batch, ecdkit times a few tile and "
            + "batch settings on the model's first calls and keeps the fastest (remembered per model and machine in "
            + "ECDKIT_CACHE_DIR, else ~/.cache/ecdkit); this takes the definition's settings as they are.")
    boolean noCalibration;

    @Option(names = "--merge", paramLabel = "crop|blend", description = "crop: each pixel from the tile whose core holds "
            + "it (default); blend: overlapping tiles' scores averaged with a smooth window.")
    String merge = "crop";

    @Option(names = "--preview", paramLabel = "PNG", description = "Also write a small picture of the result with a legend.")
    Path preview;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        java.util.Optional<String> master = engine.sparkMaster();
        if (master.isPresent()) {
            if (preview != null) {
                throw new org.ecdkit.core.error.UsageException("--preview is drawn from one machine's run; with --engine spark "
                        + "draw it from the output (gdal_translate -outsize 1024 0 -of PNG OUTPUT.tif preview.png)");
            }
            ClassifyOptions options = new ClassifyOptions(run.options(optional(padding)), nodata == null ? OptionalLong.empty()
                    : OptionalLong.of(nodata), choice(merge, MergeMode.class, "--merge"), Optional.empty());
            return onDefinition(definition, !run.quiet, file -> SparkRun.run(master.get(), file, input, output,
                    org.ecdkit.spark.job.JobSettings.of(options), engine, run.quiet, out(), err()));
        }
        ClassifyOptions options = new ClassifyOptions(run.options(optional(padding)).withCalibrate(!noCalibration),
                nodata == null ? OptionalLong.empty() : OptionalLong.of(nodata), choice(merge, MergeMode.class, "--merge"),
                Optional.ofNullable(preview));
        try (OutputLocation target = OutputLocation.of(output)) {
            ClassificationSummary summary = runTiled(definition, run.quiet,
                    (file, listener) -> ClassifyRaster.run(file, input, target.local(), options, listener));
            List<String> written = target.publish(List.of(summary.output(), summary.attributeTable()));
            if (!run.quiet) {
                out().print(summary.describe());
                out().println("wrote " + String.join(" and ", written) + summary.preview().map(p -> " and " + p).orElse(""));
            }
            return summary.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR) ? 1 : 0;
        }
    }
}
