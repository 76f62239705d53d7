package org.ecdkit.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.detect.DetectObjects;
import org.ecdkit.detect.DetectOptions;
import org.ecdkit.detect.DetectionSummary;
import org.ecdkit.detect.output.FeatureFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecdkit detect DEFINITION.ecd INPUT.tif OUTPUT.geojson}: ArcGIS's Detect Objects for deep-learning definitions. */
@Command(name = "detect", sortOptions = false,
        description = "Detect objects in a GeoTIFF of any size with a definition's object detector, in overlapping tiles, "
                + "and write one polygon per object (its box, or its mask's outline), in the raster's CRS, with its class "
                + "and confidence: GeoJSON, a GeoPackage (OUT.gpkg), or Esri JSON with --format esrijson.")
final class DetectCommand extends EcdkitSubcommand {

    private static final Set<String> OTHER_VECTOR_FORMATS = Set.of("shp", "shx", "dbf", "kml", "kmz", "gml", "csv",
            "fgb", "parquet", "gdb", "sqlite", "tab", "mif", "dxf", "tif", "tiff");

    @Parameters(index = "0", paramLabel = "DEFINITION.ecd", description = "The definition of an object detector (from "
            + "convert), or an .emd, .dlpk or STAC MLM item describing one, converted for this run.")
    Path definition;

    @Parameters(index = "1", paramLabel = "INPUT.tif", description = "The imagery: a GeoTIFF, JPEG 2000 or GDAL VRT file, "
            + "a folder of tiles, or the https:// or s3:// URL of a Cloud Optimized GeoTIFF.")
    String input;

    @Parameters(index = "2", paramLabel = "OUTPUT.geojson", description = "The features to write: a path, or an s3:// URL "
            + "they are uploaded to once written.")
    String output;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "The lowest confidence kept (default: 0.5).")
    double threshold = 0.5;

    @Option(names = "--nms-overlap", paramLabel = "IOU", description = "Of boxes of one class overlapping by more than "
            + "this (intersection over union), only the strongest is kept (default: 0.5).")
    double nmsOverlap = 0.5;

    @Option(names = "--simplify", paramLabel = "PIXELS", description = "Simplify masks' outlines, straying at most "
            + "this far from their pixel edges (default: 0, the edges exactly).")
    double simplify;

    @Option(names = "--format", paramLabel = "geojson|esrijson|gpkg", description = "The output's format (default: "
            + "from the output's name, .gpkg a GeoPackage, else GeoJSON).")
    String format;

    @Mixin
    TiledRunOptions run;

    @Mixin
    EngineOptions engine;

    @Option(names = "--padding", paramLabel = "PIXELS", description = "Half the overlap of neighbouring tiles; objects up "
            + "to twice this size are seen whole by some tile (default: ModelPadding, or a sixteenth of the tile).")
    Integer padding;

    @Override
    public Integer call() {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new UsageException("--threshold " + threshold + " is not a score from 0 to 1");
        }
        if (!(nmsOverlap >= 0 && nmsOverlap <= 1)) {
            throw new UsageException("--nms-overlap " + nmsOverlap + " is not an overlap from 0 to 1");
        }
        if (!(simplify >= 0 && simplify <= DetectOptions.MAX_SIMPLIFY)) {
            throw new UsageException("--simplify " + simplify + " is not a distance from 0 to " + DetectOptions.MAX_SIMPLIFY
                    + " pixels");
        }
        Path named = org.ecdkit.raster.RasterSources.isRemote(output) ? Path.of(output.substring(output.lastIndexOf('/') + 1))
                : Path.of(output);
        refuseOtherVectorFormats(named);
        FeatureFormat featureFormat = featureFormat(named.getFileName().toString());
        DetectOptions options = new DetectOptions(run.options(optional(padding)), threshold, nmsOverlap, featureFormat, simplify);
        java.util.Optional<String> master = engine.sparkMaster();
        if (master.isPresent()) {
            return onDefinition(definition, !run.quiet, file -> SparkRun.run(master.get(), file, input, output,
                    org.ecdkit.spark.job.JobSettings.of(options), engine, run.quiet, out(), err()));
        }
        try (OutputLocation target = OutputLocation.of(output)) {
            DetectionSummary summary = runTiled(definition, run.quiet,
                    (file, listener) -> DetectObjects.run(file, input, target.local(), options, listener));
            List<String> written = target.publish(List.of(summary.output()));
            if (!run.quiet) {
                out().print(summary.describe());
                out().println("wrote " + written.get(0));
            }
            return 0;
        }
    }

    /** {@code --format}, else the format the output's name asks for, else GeoJSON; a contradiction is refused. */
    private FeatureFormat featureFormat(String name) {
        java.util.Optional<FeatureFormat> byName = FeatureFormat.byFileName(name);
        if (format == null) {
            return byName.orElse(FeatureFormat.GEOJSON);
        }
        FeatureFormat asked = FeatureFormat.byId(format).orElseThrow(() -> new UsageException("--format " + format
                + " is not geojson, esrijson or gpkg"));
        if (byName.isPresent() && byName.get() != asked) {
            throw new UsageException("--format " + format + " but the output " + name + " is named as " + byName.get().title()
                    + "; name it ." + asked.extension() + " or leave --format out");
        }
        return asked;
    }

    /**
     * ecdkit writes JSON and GeoPackages; an output named like another vector format would hold JSON
     * under a name that GDAL and ArcGIS open as something else, so it is refused with the way to get
     * that format.
     */
    private static void refuseOtherVectorFormats(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (OTHER_VECTOR_FORMATS.contains(extension)) {
            String json = name.substring(0, dot) + ".geojson";
            throw new UsageException(output + ": ecdkit writes GeoJSON, Esri JSON or GeoPackage, not ." + extension + "; write "
                    + json + " and convert it with GDAL (ogr2ogr " + name + " " + json + ")");
        }
    }
}
