package org.ecdkit.classify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.ecdkit.classify.decode.TileDecoder;
import org.ecdkit.classify.merge.BlendedMerge;
import org.ecdkit.classify.merge.ClassifiedRows;
import org.ecdkit.classify.merge.CroppedMerge;
import org.ecdkit.classify.merge.RowListener;
import org.ecdkit.classify.merge.TileMerge;
import org.ecdkit.classify.report.ClassCount;
import org.ecdkit.classify.report.PreviewImage;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.PendingFile;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.raster.ColorEntry;
import org.ecdkit.raster.gdal.AuxXml;
import org.ecdkit.raster.gdal.RasterAttributeTable;
import org.ecdkit.raster.tiff.ClassifiedTiffWriter;
import org.ecdkit.runtime.ModelRunner;

/**
 * One classification from its plan on, as steps over what they share: open the output, run the
 * tiles through the model into rows of classes, finish the raster, count the classes, write the
 * attribute table and the preview, and commit the files together.
 *
 * @param plan          the plan, already shown
 * @param run           the tiling, bands and batches decided
 * @param runner        the model, open
 * @param values        class values, nodata and the output type
 * @param files         where the raster, its attribute table and the preview go
 * @param options       what was asked
 * @param inputs        every input file, which no output may replace
 * @param findings      warnings, kept for the summary and told as they come
 * @param listener      progress
 * @param outputChannel wraps the raster's channel (tests simulate a full disk with it)
 */
record ClassificationJob(ClassificationPlan plan, TiledRun run, ModelRunner runner, OutputValues values, OutputFiles files,
        ClassifyOptions options, Set<Path> inputs, FindingLog findings, ClassifyListener listener,
        Function<FileChannel, SeekableByteChannel> outputChannel) {

    ClassificationSummary classify() {
        List<ClassEntry> classes = definition().classes();
        Optional<PreviewImage> preview = options.preview().map(png -> new PreviewImage(run.source().width(),
                run.source().height(), ClassifyRaster.PREVIEW_SIDE, classes.stream().map(c -> new PreviewImage.LegendEntry(
                        c.name(), c.color().red(), c.color().green(), c.color().blue())).toList()));
        Path folder = files.raster().toAbsolutePath().getParent();
        try (PendingFile tif = AtomicOutput.create(files.raster(), inputs);
                ClassifiedTiffWriter writer = new ClassifiedTiffWriter(outputChannel.apply(tif.channel()), spec(classes), folder)) {
            RowListener rowsDone = preview.isPresent() ? preview.get() : RowListener.NONE;
            ClassifiedRows rows = new ClassifiedRows(writer, Math.max(run.tiles().tileHeight(), run.tiles().modelHeight()),
                    values.classValues(), values.nodata(), rowsDone);
            StageTimes times = classifyTiles(rows);
            boolean nodataTag = plan.nodata().isPresent() || rows.nodataPixels() > 0;
            List<ClassCount> counts = counts(classes, rows.counts());
            RasterAttributeTable table = attributeTable(counts);
            writer.finish(nodataTag ? OptionalLong.of(values.nodata()) : OptionalLong.empty(),
                    AuxXml.gdalMetadata(bandDescription(), table));
            if (rows.nodataPixels() > 0 && plan.nodata().isEmpty()) {
                findings.accept(Finding.warning("unclassified", rows.nodataPixels() + " pixels are written as "
                        + values.nodata() + " (nodata): samples that are not finite numbers, or pixels the model gave no class"));
            }
            writeSidecars(tif, table, preview);
            return new ClassificationSummary(plan, files.raster(), files.attributeTable(), options.preview(), counts,
                    rows.nodataPixels(), times, findings.all());
        } catch (IOException e) {
            throw StorageException.of("write", files.raster(), e);
        }
    }

    private ClassifierDefinition definition() {
        return run.definition().definition();
    }

    private ClassifiedTiffWriter.Spec spec(List<ClassEntry> classes) {
        List<ColorEntry> palette = classes.stream()
                .map(c -> new ColorEntry(c.value(), c.color().red(), c.color().green(), c.color().blue())).toList();
        return new ClassifiedTiffWriter.Spec(run.source().width(), run.source().height(), values.type(),
                ClassifyRaster.OUTPUT_TILE, palette, run.source().geoReference());
    }

    /** Runs every tile through the model and merges its classes into {@code rows}, which end written. */
    private StageTimes classifyTiles(ClassifiedRows rows) {
        TileMerge merge = options.merge() == MergeMode.BLEND
                ? new BlendedMerge(run.grid(), rows, definition().classes().size())
                : new CroppedMerge(run.grid(), rows);
        Layout layout = outputLayout();
        ClassifyTranslator translator = new ClassifyTranslator(merge, shape -> decoder(layout, shape));
        StageTimes times;
        try {
            times = run.pipeline(runner, true, listener).run(translator);
        } catch (UncheckedIOException e) {
            throw StorageException.of("write", files.raster(), e.getCause());
        }
        if (!rows.finished()) {
            throw new IllegalStateException("the tiles did not cover the image");
        }
        return times;
    }

    private Layout outputLayout() {
        ModelReference reference = run.definition().reference();
        TensorSpec output = reference.signature().output(reference.outputName())
                .orElseGet(() -> TensorSpec.read(reference.outputName(), ElementType.FLOAT32, Shape.unknownRank(),
                        new TensorLayout(Layout.NCHW, Confidence.GUESSED, "not recorded")));
        Layout layout = output.layout().layout();
        return layout == Layout.UNKNOWN ? Layout.NCHW : layout;
    }

    private TileDecoder decoder(Layout layout, long[] shape) {
        ModelReference reference = run.definition().reference();
        Layout actual = shape.length == 3 && (layout == Layout.NCHW || layout == Layout.NHWC) ? Layout.NHW : layout;
        try {
            TileDecoder decoder = new TileDecoder(reference.outputKind(), actual, shape, definition().classes().size(),
                    run.tiles().modelHeight(), run.tiles().modelWidth());
            if (decoder.modelCrop() > run.tiles().padding()) {
                findings.accept(Finding.warning("model-crop", "the model crops " + decoder.modelCrop() + " pixels at each "
                        + "tile edge, more than the padding of " + run.tiles().padding()
                        + "; pixels it drops near cores are written as nodata"));
            }
            return decoder;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Place.of(run.definition().model()), "output \"" + reference.outputName()
                    + "\" of shape " + Arrays.toString(shape) + ": " + e.getMessage());
        }
    }

    private static List<ClassCount> counts(List<ClassEntry> classes, long[] perClass) {
        List<ClassCount> counts = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            ClassEntry entry = classes.get(i);
            counts.add(new ClassCount(entry.value(), entry.name(), perClass[i]));
        }
        return counts;
    }

    /** Writes the attribute table and the preview, then commits all three files together. */
    /** Each class with its value, name, colour and pixel count: written inside the TIFF and beside it. */
    private RasterAttributeTable attributeTable(List<ClassCount> counts) {
        List<RasterAttributeTable.Row> table = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            ClassEntry entry = definition().classes().get(i);
            table.add(new RasterAttributeTable.Row(entry.value(), entry.name(), entry.color().red(), entry.color().green(),
                    entry.color().blue(), counts.get(i).pixels()));
        }
        return new RasterAttributeTable(table);
    }

    private String bandDescription() {
        return "classes of " + definition().classifier() + " definition";
    }

    private void writeSidecars(PendingFile tif, RasterAttributeTable table, Optional<PreviewImage> preview) throws IOException {
        byte[] aux = AuxXml.render(bandDescription(), table).getBytes(StandardCharsets.UTF_8);
        try (PendingFile sidecar = AtomicOutput.create(files.attributeTable(), inputs);
                PendingFile picture = files.preview().isPresent() ? AtomicOutput.create(files.preview().get(), inputs) : null) {
            write(sidecar, out -> out.write(aux));
            if (picture != null) {
                write(picture, preview.orElseThrow()::writePng);
                if (preview.get().legendTextFailed()) {
                    findings.accept(Finding.warning("preview-font", "no font available: the preview's legend shows colours "
                            + "without names"));
                }
            }
            tif.commit();
            sidecar.commit();
            if (picture != null) {
                picture.commit();
            }
        }
    }

    @FunctionalInterface
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void write(PendingFile file, Body body) throws IOException {
        OutputStream out = new BufferedOutputStream(file.stream());
        body.writeTo(out);
        out.flush();
    }
}
