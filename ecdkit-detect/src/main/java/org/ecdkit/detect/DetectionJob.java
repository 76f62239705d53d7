package org.ecdkit.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.report.FindingLog;
import org.ecdkit.detect.output.DetectedFeature;
import org.ecdkit.detect.output.FeatureWriter;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.inference.TiledRun;
import org.ecdkit.inference.pipeline.StageTimes;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.runtime.ModelRunner;

/**
 * One detection from its plan on, as steps over what they share: run the tiles through the
 * detector keeping the boxes tiles saw whole, suppress duplicates across tiles, turn boxes into
 * features in the raster's CRS, write them.
 *
 * @param plan     the plan, already shown
 * @param run      the tiling, bands and batches decided
 * @param runner   the detector, open (null where windows detected elsewhere are assembled)
 * @param outputs  its outputs and their convention
 * @param output   the features file
 * @param options  what was asked
 * @param inputs   every input file, which the output may not replace
 * @param findings warnings, kept for the summary and told as they come
 * @param listener progress
 */
record DetectionJob(DetectionPlan plan, TiledRun run, ModelRunner runner, DetectionOutputs outputs, Path output,
        DetectOptions options, Set<Path> inputs, FindingLog findings, DetectListener listener) {

    DetectionSummary detect() {
        DetectTranslator translator = translator();
        StageTimes tiles = run.pipeline(runner, listener).run(translator);
        return finish(translator.kept(), translator.cutAtEdges(), tiles);
    }

    /** Decodes each tile's boxes and keeps those it sees whole: what a window of the grid contributes. */
    DetectTranslator translator() {
        List<ClassEntry> classes = run.definition().definition().classes();
        RasterSource source = run.source();
        return new DetectTranslator(
                new DetectionDecoder(outputs, run.tiles().modelWidth(), run.tiles().modelHeight(), classes.size(),
                        options.threshold(), options.simplify(), Place.of(run.definition().model())),
                source.width(), source.height(), options.threshold());
    }

    /**
     * Suppresses duplicates among the boxes tiles kept ({@code kept}, in the grid's order, whoever ran
     * the tiles), turns them into features, writes them.
     */
    DetectionSummary finish(List<Detection> kept, long cutAtEdges, StageTimes tiles) {
        RasterSource source = run.source();
        List<ClassEntry> classes = run.definition().definition().classes();
        long t0 = System.nanoTime();
        List<Detection> objects = NonMaximumSuppression.apply(kept, options.nmsOverlap());
        long[] counts = new long[classes.size()];
        List<DetectedFeature> features = features(objects, classes, counts);
        write(features);
        long writeNanos = System.nanoTime() - t0;
        List<DetectionSummary.ClassDetections> perClass = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            perClass.add(new DetectionSummary.ClassDetections(classes.get(i).name(), classes.get(i).value(), counts[i]));
        }
        StageTimes times = new StageTimes(tiles.readNanos(), tiles.inferenceNanos(), tiles.writeNanos() + writeNanos,
                tiles.wallNanos() + writeNanos, tiles.batches(), tiles.skippedTiles());
        return new DetectionSummary(plan, output, perClass, cutAtEdges, kept.size() - objects.size(),
                (long) source.width() * source.height(), times, findings.all());
    }

    /** One feature per object, in map coordinates; {@code counts} gets them per class. */
    private List<DetectedFeature> features(List<Detection> objects, List<ClassEntry> classes, long[] counts) {
        List<DetectedFeature> features = new ArrayList<>();
        GeoReference where = run.source().geoReference();
        for (Detection d : objects) {
            // The decoder has refused any label outside the definition's classes.
            ClassEntry entry = classes.get(d.classIndex());
            counts[d.classIndex()]++;
            features.add(new DetectedFeature(MapFootprint.of(where, d), entry.name(), entry.value(), d.score()));
        }
        return features;
    }

    private void write(List<DetectedFeature> features) {
        RasterSource source = run.source();
        GeoReference where = source.geoReference();
        if (where.transform().isEmpty()) {
            findings.accept(Finding.warning("not-georeferenced", source.name() + " has no geotransform: the features' "
                    + "coordinates are pixel columns and rows"));
        }
        OptionalInt epsg = where.crs().map(CoordinateSystem::epsg).orElse(OptionalInt.empty());
        java.util.Optional<String> wkt = where.crs().flatMap(CoordinateSystem::wkt);
        // A GeoPackage records a CRS by its WKT too; the JSON formats name it by EPSG code only.
        boolean recorded = options.format() == org.ecdkit.detect.output.FeatureFormat.GEOPACKAGE && wkt.isPresent();
        if (where.crs().isPresent() && epsg.isEmpty() && !recorded) {
            findings.accept(Finding.warning("crs", source.name() + "'s CRS (" + where.crs().get().name()
                    + ") has no EPSG code; the features name no CRS"));
        }
        String name = output.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        FeatureWriter.write(output, options.format(), name, features, epsg, wkt, inputs);
    }
}
