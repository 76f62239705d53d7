package org.ecdkit.cli;

import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.inference.TiledOptions;
import org.ecdkit.inference.tiling.NodataRule;
import org.ecdkit.runtime.Device;
import picocli.CommandLine.Option;

/**
 * Options of a run over imagery tile by tile, shared by classify and detect (padding is not here:
 * the two commands mean different things by it).
 */
final class TiledRunOptions {

    @Option(names = "--tile", paramLabel = "PIXELS", description = "Tile side fed to the model (default: the model's, "
            + "the definition's ImageHeight/ImageWidth, or 512).")
    Integer tile;

    @Option(names = "--batch", paramLabel = "TILES", description = "Tiles per inference call (default: MiniBatchSize).")
    Integer batch;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the runtime (default: one per core).")
    int threads;

    @Option(names = "--bands", paramLabel = "B,B,...", split = ",",
            description = "Input bands to feed, 1-based as in GDAL (default: ExtractBands, or all).")
    List<Integer> bands = List.of();

    @Option(names = "--device", paramLabel = "cpu|cuda", description = "Where the model runs (default: cpu).")
    String device = "cpu";

    @Option(names = "--allow-changed-model", description = "Run a model whose SHA-256 no longer matches the definition.")
    boolean allowChangedModel;

    @Option(names = "--allow-ungeoreferenced", description = "Run on imagery that says nowhere where it lies (no GeoTIFF "
            + "tags, .aux.xml, world file or RPCs); the output is then in pixel coordinates.")
    boolean allowUngeoreferenced;

    @Option(names = "--nodata-bands", paramLabel = "all|any", description = "Where the input declares nodata, a pixel "
            + "is nodata when all the fed bands hold it (default: as GDAL reads a nodata value each band declares), or "
            + "when any does (a collar marked in one band only).")
    String nodataBands = "all";

    @Option(names = {"-q", "--quiet"}, description = "Print neither the plan, the progress nor the summary.")
    boolean quiet;

    OptionalInt tile() {
        return EcdkitSubcommand.optional(tile);
    }

    OptionalInt batch() {
        return EcdkitSubcommand.optional(batch);
    }

    int threads() {
        return EcdkitSubcommand.threadCount(threads);
    }

    Device device() {
        return EcdkitSubcommand.choice(device, Device.class, "--device");
    }

    NodataRule nodataRule() {
        return switch (nodataBands) {
            case "all" -> NodataRule.ALL_BANDS;
            case "any" -> NodataRule.ANY_BAND;
            default -> throw new UsageException("--nodata-bands " + nodataBands + " is not one of [all, any]");
        };
    }

    /** These options for the library, with the command's own {@code --padding}, and no calibration. */
    TiledOptions options(OptionalInt padding) {
        return new TiledOptions(tile(), padding, batch(), threads(), bands, device(), allowChangedModel, false, nodataRule(),
                allowUngeoreferenced);
    }
}
