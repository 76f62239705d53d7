package org.ecdkit.classify;

import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.inference.RunnableDefinition;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.calibration.Calibration;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.RunnerDescription;
import org.ecdkit.runtime.RunnerSource;

/**
 * ArcGIS's <i>Classify Raster</i> for deep-learning definitions: runs a definition's model over
 * imagery of any size, tile by tile, and writes a classified, georeferenced, colour-mapped GeoTIFF
 * (with a GDAL attribute table beside it). Everything that can be checked is checked before the
 * first tile is read: the definition, the model's digest, the bands, the tile settings, the memory
 * the run needs, the output paths (against every input file, the imagery's sidecars and the model's
 * files included). The output appears only when complete.
 *
 * <pre>{@code
 * ClassificationSummary done = ClassifyRaster.run(Path.of("model.ecd"), Path.of("scene.tif"),
 *         Path.of("classes.tif"), ClassifyOptions.DEFAULT, ClassifyListener.SILENT);
 * System.out.print(done.describe());
 * }</pre>
 */
public final class ClassifyRaster {

    /** The side of the output's TIFF tiles. */
    static final int OUTPUT_TILE = 256;
    /** The longest side of a preview picture. */
    static final int PREVIEW_SIDE = 1024;

    private final Function<FileChannel, SeekableByteChannel> outputChannel;
    private final RunnerSource runners;

    /** A classifier writing through {@code outputChannel}, which tests use to simulate a full disk. */
    ClassifyRaster(Function<FileChannel, SeekableByteChannel> outputChannel) {
        this(outputChannel, RunnerSource.OPEN);
    }

    private ClassifyRaster(Function<FileChannel, SeekableByteChannel> outputChannel, RunnerSource runners) {
        this.outputChannel = outputChannel;
        this.runners = runners;
    }

    public static ClassificationSummary run(Path definition, Path input, Path output, ClassifyOptions options,
            ClassifyListener listener) {
        return run(definition, input.toString(), output, options, listener);
    }

    /**
     * Classifies {@code input}, a local path or a URL a {@link org.ecdkit.raster.io.RemoteStore} reads
     * ({@code https://}, {@code s3://}), of which only the blocks the tiles need are fetched.
     */
    public static ClassificationSummary run(Path definition, String input, Path output, ClassifyOptions options,
            ClassifyListener listener) {
        return run(definition, input, output, options, listener, RunnerSource.OPEN);
    }

    /** The same, with the model's runner from {@code runners} (a pool kept open across scenes). */
    public static ClassificationSummary run(Path definition, String input, Path output, ClassifyOptions options,
            ClassifyListener listener, RunnerSource runners) {
        return new ClassifyRaster(channel -> channel, runners).classify(definition, input, output, options, listener);
    }

    ClassificationSummary classify(Path definitionFile, Path input, Path output, ClassifyOptions options,
            ClassifyListener listener) {
        return classify(definitionFile, input.toString(), output, options, listener);
    }

    ClassificationSummary classify(Path definitionFile, String input, Path output, ClassifyOptions options,
            ClassifyListener listener) {
        FindingLog findings = new FindingLog(listener::noted);
        Setup setup = Setup.of(definitionFile, input, output, options, findings);
        try (RasterSource source = setup.source()) {
            ModelReference reference = setup.runnable().reference();
            try (ModelRunner runner = setup.prepared().openRunner(List.of(reference.outputName()), runners)) {
                TiledRun run = setup.prepared().calibrated(runner, setup.memory());
                ClassificationPlan plan = plan(run, runner.description(), options, setup.values());
                listener.planned(plan);
                return new ClassificationJob(plan, run, runner, setup.values(), setup.files(), options, setup.inputs(),
                        findings, listener, outputChannel).classify();
            }
        }
    }

    /**
     * What a classification decides before its first tile, the same for one machine and for windows:
     * the definition (its model's digest checked), the imagery (open: close it), the output files
     * (checked against every input), the tiling, the output's values and the memory it needs.
     */
    record Setup(RunnableDefinition runnable, RasterSource source, OutputFiles files, Set<Path> inputs, TiledRun prepared,
            OutputValues values, ClassifyMemory memory) {

        static Setup of(Path definitionFile, String input, Path output, ClassifyOptions options, FindingLog findings) {
            OutputFiles files = OutputFiles.of(output, options.preview());
            List<Path> named = RasterSources.isRemote(input) ? List.of(definitionFile) : List.of(definitionFile, Path.of(input));
            AtomicOutput.checkTargets(files.all(), named);
            RunnableDefinition runnable = ClassifyRaster.runnable(definitionFile, options, findings);
            RasterSource source = RasterSources.open(input);
            try {
                Set<Path> inputs = new LinkedHashSet<>(named);
                inputs.addAll(runnable.modelFiles());
                inputs.addAll(source.files());
                AtomicOutput.checkTargets(files.all(), inputs);
                for (Path stale : files.staleSidecars()) {
                    findings.accept(Finding.warning("stale-sidecar", stale + " is left from an earlier " + output.getFileName()
                            + ": GDAL and QGIS will read it with the new output (old overviews, or a mask); remove it"));
                }
                TiledRun prepared = prepare(runnable, source, options, findings);
                return new Setup(runnable, source, files, inputs, prepared, OutputValues.choose(runnable.definition(),
                        options.nodata()), ClassifyRaster.memory(runnable, source, options));
            } catch (RuntimeException | Error e) {
                source.close();
                throw e;
            }
        }
    }

    /** The definition, its model's digest checked, refused unless its model classifies pixels. */
    static RunnableDefinition runnable(Path definitionFile, ClassifyOptions options, FindingLog findings) {
        RunnableDefinition runnable = RunnableDefinition.open(definitionFile, options.run().allowChangedModel(), findings);
        ModelReference reference = runnable.reference();
        if (!reference.outputKind().isPixelwise()) {
            throw new UnsupportedInputException(Place.in(definitionFile, "OutputKind"), "the model's output \""
                    + reference.outputName() + "\" is " + reference.outputKind().description()
                    + ", not a per-pixel classification; ecdkit's classify runs pixel classifiers");
        }
        return runnable;
    }

    static ClassifyMemory memory(RunnableDefinition runnable, RasterSource source, ClassifyOptions options) {
        return new ClassifyMemory(source.width(), runnable.definition().classes().size(), runnable.reference().outputKind(),
                options.merge(), options.preview().isPresent());
    }

    /** The tiling of {@code source} as {@code options} ask, fitted to this JVM's memory. */
    static TiledRun prepare(RunnableDefinition runnable, RasterSource source, ClassifyOptions options, FindingLog findings) {
        return TiledRun.prepare(runnable, source, options.run(),
                options.merge() == MergeMode.BLEND ? TiledRun.Grid.BLENDED : TiledRun.Grid.CROPPED,
                memory(runnable, source, options), findings);
    }

    static ClassificationPlan plan(TiledRun run, RunnerDescription runner, ClassifyOptions options, OutputValues values) {
        ClassifierDefinition definition = run.definition().definition();
        RasterSource source = run.source();
        boolean nodataTag = source.nodata().isPresent() || options.nodata().isPresent();
        return new ClassificationPlan(source.name(), source.summary(), run.bands().description(),
                run.scaling().isIdentity() ? "" : "scaled to the DataRange " + definition.settings().dataRange().orElseThrow(),
                run.definition().file(), run.definition().model(), runner, run.tiles().tileWidth(),
                run.tiles().tileHeight(), run.tiles().padding(), options.merge(), run.tiles().batch(), run.grid().count(),
                source.nodata().isPresent() || source.sampleType().isFloatingPoint() ? run.knownEmptyTiles() : -1,
                values.type(), nodataTag ? OptionalLong.of(values.nodata()) : OptionalLong.empty(),
                run.calibration().map(Calibration::describe).orElse(""));
    }
}
