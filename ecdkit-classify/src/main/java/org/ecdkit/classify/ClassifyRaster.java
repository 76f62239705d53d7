package org.ecdkit.classify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.ecdkit.classify.merge.BlendedMerge;
import org.ecdkit.classify.merge.ClassifiedRows;
import org.ecdkit.classify.merge.CroppedMerge;
import org.ecdkit.classify.merge.RowListener;
import org.ecdkit.classify.merge.TileMerge;
import org.ecdkit.classify.report.ClassCount;
import org.ecdkit.classify.report.PreviewImage;
import org.ecdkit.classify.tiling.InputScaling;
import org.ecdkit.classify.tiling.TileDecoder;
import org.ecdkit.classify.tiling.TileEncoder;
import org.ecdkit.classify.tiling.TileGrid;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.PendingFile;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.raster.ColorEntry;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.gdal.AuxXml;
import org.ecdkit.raster.gdal.RasterAttributeTable;
import org.ecdkit.raster.tiff.ClassifiedTiffWriter;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnerOptions;

/**
 * ArcGIS's <i>Classify Raster</i> for deep-learning definitions: runs a definition's model over a
 * GeoTIFF of any size, tile by tile, and writes a classified, georeferenced, colour-mapped GeoTIFF
 * (with a GDAL attribute table beside it). Everything that can be checked is checked before the
 * first tile is read: the definition, the model's digest, the bands, the tile settings, the output
 * path. The output appears only when complete.
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

    /** A classifier writing through {@code outputChannel}, which tests use to simulate a full disk. */
    ClassifyRaster(Function<FileChannel, SeekableByteChannel> outputChannel) {
        this.outputChannel = outputChannel;
    }

    public static ClassificationSummary run(Path definition, Path input, Path output, ClassifyOptions options,
            ClassifyListener listener) {
        return new ClassifyRaster(channel -> channel).classify(definition, input, output, options, listener);
    }

    ClassificationSummary classify(Path definitionFile, Path input, Path output, ClassifyOptions options,
            ClassifyListener listener) {
        List<Finding> findings = new ArrayList<>();
        Path aux = AuxXml.sidecarOf(output);
        AtomicOutput.checkTarget(output, List.of(definitionFile, input));
        AtomicOutput.checkTarget(aux, List.of(definitionFile, input));
        options.preview().ifPresent(png -> AtomicOutput.checkTarget(png, List.of(definitionFile, input, output)));

        RunnableDefinition runnable = RunnableDefinition.open(definitionFile, options.allowChangedModel(),
                f -> note(f, findings, listener));
        ClassifierDefinition definition = runnable.definition();
        ModelReference reference = runnable.reference();
        Path model = runnable.model();
        if (!reference.outputKind().isPixelwise()) {
            throw new UnsupportedInputException(Place.in(definitionFile, "OutputKind"), "the model's output \""
                    + reference.outputName() + "\" is " + reference.outputKind().description()
                    + ", not a per-pixel classification; ecdkit's classify runs pixel classifiers");
        }
        Set<Path> inputs = new LinkedHashSet<>(List.of(definitionFile, input, model));
        for (Path file : List.of(output, aux)) {
            AtomicOutput.checkTarget(file, inputs);
        }

        try (GeoTiffSource source = GeoTiffSource.open(input)) {
            BandSelection bands = BandSelection.choose(definitionFile, definition, source, options.bands());
            TensorSpec inputTensor = runnable.input();
            List<Finding> settingFindings = new ArrayList<>();
            TileSettings tiles = TileSettings.choose(definition, inputTensor, source.width(), source.height(), options.tile(),
                    options.padding(), options.batch(), settingFindings);
            settingFindings.forEach(f -> note(f, findings, listener));
            OutputValues values = OutputValues.choose(definition, options.nodata());
            InputScaling scaling = InputScaling.forDefinition(definition, source);
            TileEncoder encoder = new TileEncoder(source, bands.bands(), inputTensor.layout().layout(),
                    tiles.modelWidth(), tiles.modelHeight(), scaling);
            TileGrid grid = options.merge() == MergeMode.BLEND
                    ? TileGrid.blended(source.width(), source.height(), tiles.tileWidth(), tiles.tileHeight(),
                            Math.min(2 * tiles.padding(), Math.min(tiles.tileWidth(), tiles.tileHeight()) - 1))
                    : TileGrid.cropped(source.width(), source.height(), tiles.tileWidth(), tiles.tileHeight(), tiles.padding());
            tiles = tiles.forGrid(grid.count(), bands.bands().length, Runtime.getRuntime().maxMemory());
            int skipped = source.nodata().isPresent() ? (int) grid.tiles().stream().filter(encoder::allNodata).count() : -1;
            boolean nodataTag = source.nodata().isPresent() || options.nodata().isPresent();

            int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
            RunnerOptions runnerOptions = new RunnerOptions(threads, options.device(), 0);
            try (ModelRunner runner = ModelRunners.open(runnable.runnable(List.of(reference.outputName())), runnerOptions)) {
                ClassificationPlan plan = new ClassificationPlan(input, source.summary(), bands.description(),
                        scaling.isIdentity() ? "" : "scaled to the DataRange " + definition.settings().dataRange().orElseThrow(),
                        definitionFile, model, runner.description(), tiles.tileWidth(), tiles.tileHeight(), tiles.padding(),
                        options.merge(), tiles.batch(), grid.count(), skipped, values.type(),
                        nodataTag ? OptionalLong.of(values.nodata()) : OptionalLong.empty());
                listener.planned(plan);
                return write(plan, definition, reference, source, grid, encoder, runner, tiles, values, output, aux,
                        options, inputs, findings, listener);
            }
        }
    }

    private ClassificationSummary write(ClassificationPlan plan, ClassifierDefinition definition, ModelReference reference,
            RasterSource source, TileGrid grid, TileEncoder encoder, ModelRunner runner, TileSettings tiles,
            OutputValues values, Path output, Path aux, ClassifyOptions options, Set<Path> inputs, List<Finding> findings,
            ClassifyListener listener) {
        List<ClassEntry> classes = definition.classes();
        List<ColorEntry> palette = classes.stream()
                .map(c -> new ColorEntry(c.value(), c.color().red(), c.color().green(), c.color().blue())).toList();
        Optional<PreviewImage> preview = options.preview().map(png -> new PreviewImage(source.width(), source.height(),
                PREVIEW_SIDE, classes.stream().map(c -> new PreviewImage.LegendEntry(c.name(), c.color().red(),
                        c.color().green(), c.color().blue())).toList()));
        RowListener rowsDone = preview.isPresent() ? preview.get() : (y, row, width) -> { };
        TensorSpec outputTensor = reference.signature().output(reference.outputName())
                .orElseGet(() -> TensorSpec.read(reference.outputName(), org.ecdkit.core.model.ElementType.FLOAT32,
                        Shape.unknownRank(), new TensorLayout(Layout.NCHW, Confidence.GUESSED, "not recorded")));
        StageTimes times;
        ClassifiedRows rows;
        try (PendingFile tif = AtomicOutput.create(output, inputs)) {
            ClassifiedTiffWriter writer = new ClassifiedTiffWriter(outputChannel.apply(tif.channel()),
                    new ClassifiedTiffWriter.Spec(source.width(), source.height(), values.type(), OUTPUT_TILE, palette,
                            source.geoReference().crs()));
            rows = new ClassifiedRows(writer, Math.max(tiles.tileHeight(), tiles.modelHeight()), values.classValues(),
                    values.nodata(), rowsDone);
            TileMerge merge = options.merge() == MergeMode.BLEND
                    ? new BlendedMerge(grid, rows, classes.size())
                    : new CroppedMerge(grid, rows);
            Layout outputLayout = outputLayout(outputTensor);
            Function<long[], TileDecoder> decoders = shape -> decoder(reference, outputLayout, shape, classes.size(), tiles,
                    findings, listener);
            TilePipeline pipeline = new TilePipeline(grid, encoder, runner, tiles.batch(), tiles.fixedBatch(), decoders, listener);
            try {
                times = pipeline.run(merge);
            } catch (UncheckedIOException e) {
                throw StorageException.of("write", output, e.getCause());
            }
            if (!rows.finished()) {
                throw new IllegalStateException("the tiles did not cover the image");
            }
            boolean nodataTag = plan.nodata().isPresent() || rows.nodataPixels() > 0;
            writer.finish(nodataTag ? OptionalLong.of(values.nodata()) : OptionalLong.empty());
            List<ClassCount> counts = new ArrayList<>();
            long[] perClass = rows.counts();
            List<RasterAttributeTable.Row> table = new ArrayList<>();
            for (int i = 0; i < classes.size(); i++) {
                ClassEntry entry = classes.get(i);
                counts.add(new ClassCount(entry.value(), entry.name(), perClass[i]));
                table.add(new RasterAttributeTable.Row(entry.value(), entry.name(), entry.color().red(),
                        entry.color().green(), entry.color().blue(), perClass[i]));
            }
            if (rows.nodataPixels() > 0 && plan.nodata().isEmpty()) {
                note(Finding.warning("unclassified", rows.nodataPixels() + " pixels got no class from the model and are "
                        + "written as " + values.nodata() + " (nodata)"), findings, listener);
            }
            try (PendingFile sidecar = AtomicOutput.create(aux, inputs);
                    PendingFile picture = options.preview().isPresent() ? AtomicOutput.create(options.preview().get(), inputs) : null) {
                writeBytes(sidecar, out -> out.write(auxText(definition, table)));
                if (picture != null) {
                    writeBytes(picture, preview.get()::writePng);
                    if (preview.get().legendTextFailed()) {
                        note(Finding.warning("preview-font", "no font available: the preview's legend shows colours without names"),
                                findings, listener);
                    }
                }
                tif.commit();
                sidecar.commit();
                if (picture != null) {
                    picture.commit();
                }
            }
            return new ClassificationSummary(plan, output, aux, options.preview(), counts, rows.nodataPixels(), times, findings);
        } catch (IOException e) {
            throw StorageException.of("write", output, e);
        }
    }

    private static byte[] auxText(ClassifierDefinition definition, List<RasterAttributeTable.Row> table) {
        return AuxXml.render("classes of " + definition.classifier() + " definition", new RasterAttributeTable(table))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeBytes(PendingFile file, Body body) throws IOException {
        OutputStream out = new BufferedOutputStream(file.stream());
        body.writeTo(out);
        out.flush();
    }

    private static Layout outputLayout(TensorSpec output) {
        Layout layout = output.layout().layout();
        return layout == Layout.UNKNOWN ? Layout.NCHW : layout;
    }

    private static TileDecoder decoder(ModelReference reference, Layout layout, long[] shape, int classes,
            TileSettings tiles, List<Finding> findings, ClassifyListener listener) {
        Layout actual = layout;
        if (shape.length == 3 && (layout == Layout.NCHW || layout == Layout.NHWC)) {
            actual = Layout.NHW;
        }
        try {
            TileDecoder decoder = new TileDecoder(reference.outputKind(), actual, shape, classes, tiles.modelHeight(),
                    tiles.modelWidth());
            if (decoder.modelCrop() > tiles.padding()) {
                note(Finding.warning("model-crop", "the model crops " + decoder.modelCrop() + " pixels at each tile edge, "
                        + "more than the padding of " + tiles.padding() + "; pixels it drops near cores are written as nodata"),
                        findings, listener);
            }
            return decoder;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Place.of(Path.of(reference.modelFile())), "output \"" + reference.outputName() + "\" of shape "
                    + java.util.Arrays.toString(shape) + ": " + e.getMessage());
        }
    }

    private static void note(Finding finding, List<Finding> findings, ClassifyListener listener) {
        findings.add(finding);
        listener.noted(finding);
    }

}
