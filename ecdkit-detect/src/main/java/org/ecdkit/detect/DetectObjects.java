package org.ecdkit.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ecdkit.classify.BandSelection;
import org.ecdkit.classify.RunnableDefinition;
import org.ecdkit.classify.StageTimes;
import org.ecdkit.classify.TileSettings;
import org.ecdkit.classify.tiling.EncodedTile;
import org.ecdkit.classify.tiling.InputScaling;
import org.ecdkit.classify.tiling.Tile;
import org.ecdkit.classify.tiling.TileEncoder;
import org.ecdkit.classify.tiling.TileGrid;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.report.Finding;
import org.ecdkit.detect.output.DetectedFeature;
import org.ecdkit.detect.output.FeatureWriter;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.DetectionOutputsJson;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.ecdkit.runtime.ModelRunner;
import org.ecdkit.runtime.ModelRunners;
import org.ecdkit.runtime.RunnerOptions;
import org.ecdkit.runtime.Tensor;

/**
 * ArcGIS's <i>Detect Objects</i> for deep-learning definitions: runs an object detector over a
 * GeoTIFF of any size in overlapping tiles, keeps each object from a tile that sees it whole,
 * suppresses duplicates across tile borders, and writes one polygon per object, in the raster's
 * CRS, with its class and confidence. Reading the next batch overlaps the model's run.
 *
 * <pre>{@code
 * DetectionSummary done = DetectObjects.run(Path.of("trees.ecd"), Path.of("scene.tif"),
 *         Path.of("trees.geojson"), DetectOptions.DEFAULT, DetectListener.SILENT);
 * }</pre>
 */
public final class DetectObjects {

    private DetectObjects() {
    }

    public static DetectionSummary run(Path definitionFile, Path input, Path output, DetectOptions options,
            DetectListener listener) {
        List<Finding> findings = new ArrayList<>();
        AtomicOutput.checkTarget(output, List.of(definitionFile, input));
        RunnableDefinition runnable = RunnableDefinition.open(definitionFile, options.allowChangedModel(), f -> {
            findings.add(f);
            listener.noted(f);
        });
        ClassifierDefinition definition = runnable.definition();
        DetectionOutputs outputs = outputs(definitionFile, runnable);
        Set<Path> inputs = new LinkedHashSet<>(List.of(definitionFile, input, runnable.model()));
        AtomicOutput.checkTarget(output, inputs);

        try (GeoTiffSource source = GeoTiffSource.open(input)) {
            BandSelection bands = BandSelection.choose(definitionFile, definition, source, options.bands());
            List<Finding> settingFindings = new ArrayList<>();
            TileSettings chosen = TileSettings.choose(definition, runnable.input(), source.width(), source.height(),
                    options.tile(), options.padding(), options.batch(), settingFindings);
            settingFindings.forEach(f -> {
                findings.add(f);
                listener.noted(f);
            });
            TileEncoder encoder = new TileEncoder(source, bands.bands(), runnable.input().layout().layout(),
                    chosen.modelWidth(), chosen.modelHeight(), InputScaling.forDefinition(definition, source));
            TileGrid grid = TileGrid.cropped(source.width(), source.height(), chosen.tileWidth(), chosen.tileHeight(),
                    chosen.padding());
            List<Tile> sent = new ArrayList<>();
            for (Tile tile : grid.tiles()) {
                if (!encoder.allNodata(tile)) {
                    sent.add(tile);
                }
            }
            int skipped = source.nodata().isPresent() ? grid.count() - sent.size() : -1;
            TileSettings tiles = chosen.forGrid(sent.size(), bands.bands().length, Runtime.getRuntime().maxMemory());
            int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
            try (ModelRunner runner = ModelRunners.open(runnable.runnable(outputs.names()),
                    new RunnerOptions(threads, options.device(), 0))) {
                DetectionPlan plan = new DetectionPlan(input, source.summary(), bands.description(), definitionFile,
                        runnable.model(), runner.description(), outputs, tiles.modelWidth(), tiles.modelHeight(),
                        2 * tiles.padding(), tiles.batch(), grid.count(), skipped, options.threshold(), options.nmsOverlap(),
                        options.format());
                listener.planned(plan);
                return detect(plan, definition, source, sent, encoder, runner, tiles, outputs, output, options, inputs,
                        findings, listener);
            }
        }
    }

    /** The detector's outputs: named in the definition, else found by their conventional names. */
    static DetectionOutputs outputs(Path definitionFile, RunnableDefinition runnable) {
        return DetectionOutputsJson.read(runnable.definition().extras(), Place.of(definitionFile))
                .or(() -> DetectionOutputs.find(runnable.reference().signature()))
                .orElseThrow(() -> new UnsupportedInputException(Place.of(definitionFile), "the model's outputs ("
                        + String.join(", ", runnable.reference().signature().outputs().stream().map(t -> t.name()).toList())
                        + ") are not an object detector's that ecdkit reads; name them in the definition's "
                        + DetectionOutputsJson.KEY + " ({\"Boxes\": ..., \"Scores\": ..., \"Classes\": ...})"));
    }

    private static DetectionSummary detect(DetectionPlan plan, ClassifierDefinition definition, GeoTiffSource source,
            List<Tile> sent, TileEncoder encoder, ModelRunner runner, TileSettings tiles, DetectionOutputs outputs,
            Path output, DetectOptions options, Set<Path> inputs, List<Finding> findings, DetectListener listener) {
        long start = System.nanoTime();
        DetectionDecoder decoder = new DetectionDecoder(outputs, tiles.modelWidth(), tiles.modelHeight());
        int batch = tiles.batch();
        List<Detection> kept = new ArrayList<>();
        long decoded = 0;
        long readNanos = 0;
        long inferenceNanos = 0;
        long decodeNanos = 0;
        int calls = 0;
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "ecdkit-detect-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Tensor[] buffers = {Tensor.allocate(encoder.batchShape(batch)), Tensor.allocate(encoder.batchShape(batch))};
            Future<Long> next = sent.isEmpty() ? null : reader.submit(() -> encode(encoder, sent, 0, batch, buffers[0]));
            for (int first = 0, call = 0; first < sent.size(); first += batch, call++) {
                long read = next.get();
                readNanos += read;
                Tensor tensor = buffers[call % 2];
                int nextFirst = first + batch;
                next = nextFirst < sent.size()
                        ? reader.submit(() -> encode(encoder, sent, nextFirst, batch, buffers[(nextFirst / batch) % 2]))
                        : null;
                long t0 = System.nanoTime();
                List<Tensor> results = runner.runAll(tensor);
                long t1 = System.nanoTime();
                inferenceNanos += t1 - t0;
                calls++;
                for (int slot = 0; slot < batch && first + slot < sent.size(); slot++) {
                    Tile tile = sent.get(first + slot);
                    List<Detection> raw = decoder.decode(results, slot);
                    List<Detection> tileKept = TileBoxes.keep(raw, tile.window(), source.width(), source.height(),
                            options.threshold());
                    decoded += raw.stream().filter(d -> d.score() >= options.threshold()).count();
                    kept.addAll(tileKept);
                }
                decodeNanos += System.nanoTime() - t1;
                listener.tilesDone(Math.min(first + batch, sent.size()), sent.size());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EcdkitException known) {
                throw known;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            reader.shutdownNow();
        }
        long t2 = System.nanoTime();
        long cut = decoded - kept.size();
        List<Detection> objects = NonMaximumSuppression.apply(kept, options.nmsOverlap());
        List<ClassEntry> classes = definition.classes();
        List<DetectedFeature> features = new ArrayList<>();
        long[] counts = new long[classes.size()];
        long unknown = 0;
        GeoReference where = source.geoReference();
        for (Detection d : objects) {
            if (d.classIndex() < 0 || d.classIndex() >= classes.size()) {
                unknown++;
                continue;
            }
            ClassEntry entry = classes.get(d.classIndex());
            counts[d.classIndex()]++;
            features.add(new DetectedFeature(ring(where, d), entry.name(), entry.value(), d.score()));
        }
        if (unknown > 0) {
            Finding finding = Finding.warning("unknown-class", unknown + " objects of class ids outside the definition's "
                    + classes.size() + " classes were dropped");
            findings.add(finding);
            listener.noted(finding);
        }
        if (where.geoTransform().isEmpty()) {
            Finding finding = Finding.warning("not-georeferenced", source.file() + " has no geotransform: the features' "
                    + "coordinates are pixel columns and rows");
            findings.add(finding);
            listener.noted(finding);
        }
        OptionalInt epsg = where.crs().map(GeoReference.GeoTiffKeys::epsg).orElse(OptionalInt.empty());
        if (where.crs().isPresent() && epsg.isEmpty()) {
            Finding finding = Finding.warning("crs", source.file() + "'s CRS (" + where.crs().get().describe()
                    + ") has no EPSG code; the features name no CRS");
            findings.add(finding);
            listener.noted(finding);
        }
        String name = output.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        FeatureWriter.write(output, options.format(), name, features, epsg, inputs);
        long end = System.nanoTime();
        List<DetectionSummary.ClassDetections> perClass = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            perClass.add(new DetectionSummary.ClassDetections(classes.get(i).name(), classes.get(i).value(), counts[i]));
        }
        StageTimes times = new StageTimes(readNanos, inferenceNanos, decodeNanos + (end - t2), end - start, calls);
        return new DetectionSummary(plan, output, perClass, cut, kept.size() - objects.size(),
                (long) source.width() * source.height(), times, findings);
    }

    /** Encodes tiles {@code first ..} into {@code tensor}; returns the nanoseconds it took. */
    private static long encode(TileEncoder encoder, List<Tile> tiles, int first, int batch, Tensor tensor) {
        long t0 = System.nanoTime();
        for (int slot = 0; slot < batch; slot++) {
            if (first + slot < tiles.size()) {
                EncodedTile encoded = encoder.encode(tiles.get(first + slot), tensor, slot);
                if (encoded.skipped()) {
                    // Tiles are sent only when they have data, but a slot must never keep an older tile's pixels.
                    int size = encoder.slotSize();
                    for (int i = 0; i < size; i++) {
                        tensor.data().put(slot * size + i, 0f);
                    }
                }
            }
        }
        return System.nanoTime() - t0;
    }

    /** The box's corners in map coordinates, counter-clockwise (x right, y up), closed. */
    static double[][] ring(GeoReference where, Detection d) {
        double[][] pixels = {{d.x1(), d.y2()}, {d.x2(), d.y2()}, {d.x2(), d.y1()}, {d.x1(), d.y1()}};
        double[][] ring = new double[5][];
        for (int i = 0; i < 4; i++) {
            ring[i] = where.toMap(pixels[i][0], pixels[i][1]).orElse(new double[] {pixels[i][0], pixels[i][1]});
        }
        ring[4] = ring[0];
        double area = 0;
        for (int i = 0; i < 4; i++) {
            area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
        }
        if (area < 0) {
            for (int i = 0; i < 2; i++) {
                double[] swap = ring[1 + i];
                ring[1 + i] = ring[3 - i];
                ring[3 - i] = swap;
            }
        }
        return ring;
    }
}
