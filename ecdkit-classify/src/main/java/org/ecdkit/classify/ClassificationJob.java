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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.ecdkit.classify.merge.ClassifiedRows;
import org.ecdkit.classify.merge.RowListener;
import org.ecdkit.classify.report.ClassCount;
import org.ecdkit.classify.report.PreviewImage;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.PendingFile;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
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
 * @param runner        the model, open (null where windows classified elsewhere are assembled)
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

    /** What filling the raster left: pixels per class index, nodata pixels, and how long it took. */
    private record Filled(long[] counts, long nodataPixels, StageTimes times) {
    }

    /** Fills the raster's tiles; the preview, if any, is told of rows as they are final. */
    @FunctionalInterface
    private interface Fill {
        Filled into(ClassifiedTiffWriter writer, RowListener preview) throws IOException;
    }

    ClassificationSummary classify() {
        return write((writer, preview) -> {
            ClassifiedRows rows = new ClassifiedRows(writer, Math.max(run.tiles().tileHeight(), run.tiles().modelHeight()),
                    values.classValues(), values.nodata(), preview);
            StageTimes times;
            try {
                times = new TileClassification(run, runner, options.merge(), findings, listener).into(rows);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return new Filled(rows.counts(), rows.nodataPixels(), times);
        });
    }

    /**
     * Writes the raster from windows classified elsewhere ({@link ClassifyWindows#classify}), in the
     * order given, which must cover the image once: their tiles are stored as they were encoded, so
     * the file is the one this job's {@link #classify} would write.
     */
    ClassificationSummary assemble(Iterable<ClassifiedWindow> windows) {
        return write((writer, preview) -> {
            long started = System.nanoTime();
            long[] counts = new long[definition().classes().size()];
            long nodataPixels = 0;
            long inference = 0;
            int batches = 0;
            int nextRow = 0;
            for (ClassifiedWindow window : windows) {
                if (window.top() != nextRow || window.tilesAcross() != writer.spec().tilesAcross()
                        || window.counts().length != counts.length) {
                    throw new IllegalStateException("window " + window.index() + " (rows " + window.top() + " to "
                            + window.bottom() + ") does not follow row " + nextRow + " of this raster");
                }
                int firstTileRow = window.top() / writer.spec().tileSize();
                for (int i = 0; i < window.tiles().size(); i++) {
                    writer.writeEncodedTile(i % window.tilesAcross(), firstTileRow + i / window.tilesAcross(),
                            window.tiles().get(i));
                }
                for (int c = 0; c < counts.length; c++) {
                    counts[c] += window.counts()[c];
                }
                nodataPixels += window.nodataPixels();
                inference += window.inferenceNanos();
                batches += window.batches();
                nextRow = window.bottom();
            }
            if (nextRow != writer.spec().height()) {
                throw new IllegalStateException("the windows end at row " + nextRow + " of " + writer.spec().height());
            }
            long wall = System.nanoTime() - started;
            return new Filled(counts, nodataPixels, new StageTimes(0, inference, wall, wall, batches, 0));
        });
    }

    private ClassificationSummary write(Fill fill) {
        List<ClassEntry> classes = definition().classes();
        Optional<PreviewImage> preview = options.preview().map(png -> new PreviewImage(run.source().width(),
                run.source().height(), ClassifyRaster.PREVIEW_SIDE, classes.stream().map(c -> new PreviewImage.LegendEntry(
                        c.name(), c.color().red(), c.color().green(), c.color().blue())).toList()));
        Path folder = files.raster().toAbsolutePath().getParent();
        try (PendingFile tif = AtomicOutput.create(files.raster(), inputs);
                ClassifiedTiffWriter writer = new ClassifiedTiffWriter(outputChannel.apply(tif.channel()), spec(classes), folder)) {
            Filled filled = fill.into(writer, preview.isPresent() ? preview.get() : RowListener.NONE);
            boolean nodataTag = plan.nodata().isPresent() || filled.nodataPixels() > 0;
            List<ClassCount> counts = counts(classes, filled.counts());
            RasterAttributeTable table = attributeTable(counts);
            writer.finish(nodataTag ? OptionalLong.of(values.nodata()) : OptionalLong.empty(),
                    AuxXml.gdalMetadata(bandDescription(), table));
            if (filled.nodataPixels() > 0 && plan.nodata().isEmpty()) {
                findings.accept(Finding.warning("unclassified", filled.nodataPixels() + " pixels are written as "
                        + values.nodata() + " (nodata): samples that are not finite numbers, or pixels the model gave no class"));
            }
            writeSidecars(tif, table, preview);
            return new ClassificationSummary(plan, files.raster(), files.attributeTable(), options.preview(), counts,
                    filled.nodataPixels(), filled.times(), findings.all());
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

    private static List<ClassCount> counts(List<ClassEntry> classes, long[] perClass) {
        List<ClassCount> counts = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            ClassEntry entry = classes.get(i);
            counts.add(new ClassCount(entry.value(), entry.name(), perClass[i]));
        }
        return counts;
    }

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

    /** Writes the attribute table and the preview, then commits all three files together. */
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
