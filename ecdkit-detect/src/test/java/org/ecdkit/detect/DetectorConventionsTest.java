package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.convert.ConversionOptions;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.RuntimeFailureException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.detect.fixture.DetectionFixtures;
import org.ecdkit.detect.fixture.DetectionFixtures.Obj;
import org.ecdkit.detect.fixture.YoloFixtures;
import org.ecdkit.detect.output.FeatureFormat;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.ecdkit.raster.fixture.Gdal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YOLO's layouts, GeoPackage output, and detectors that break their convention. */
class DetectorConventionsTest {

    private static final ConversionOptions ALLOW_MISMATCH = new ConversionOptions(true, java.util.Optional.empty(),
            java.util.Optional.empty(), InspectOptions.DEFAULT);

    @TempDir
    Path dir;

    @Test
    void yoloV8IsRecognisedByItsMetadataAndFindsEveryObjectOnceAcrossTiles() throws Exception {
        Path ecd = DetectionFixtures.convert(dir, YoloFixtures.v8(dir.resolve("yolov8.onnx"), 3), "yolov8");
        JsonCursor outputs = detectionOutputs(ecd);
        assertEquals("yolo-v8", outputs.get("Convention").asString());
        assertEquals("output0", outputs.get("Predictions").asString());
        assertEquals(0, outputs.get("FirstLabel").asLong(0, 9), "YOLO's classes are 0-based");
        assertDetectsTheScene(ecd);
    }

    @Test
    void yoloV5IsRecognisedByItsShapeAndTheClassCount() throws Exception {
        Path ecd = DetectionFixtures.convert(dir, YoloFixtures.v5(dir.resolve("yolov5.onnx"), 3), "yolov5");
        assertEquals("yolo-v5", detectionOutputs(ecd).get("Convention").asString());
        assertDetectsTheScene(ecd);
    }

    /** Tiles of 64 with padding 12 cut objects; each must come out once, with its exact box, score and class. */
    private void assertDetectsTheScene(Path ecd) throws Exception {
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve(ecd.getFileName() + ".geojson");
        DetectionSummary summary = DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12), DetectListener.SILENT);
        DetectObjectsTest.assertSame(DetectObjectsTest.expected(DetectionFixtures.OBJECTS, 0.5), DetectObjectsTest.readGeoJson(out));
        assertTrue(summary.suppressed() > 0 && summary.cutAtEdges() > 0, "objects straddling tiles were merged");
    }

    @Test
    void aGeoPackageIsWrittenThatGdalValidatesAndReads() throws Exception {
        Gdal.require();
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve("objects.gpkg");
        DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12).withFormat(FeatureFormat.GEOPACKAGE),
                DetectListener.SILENT);
        String summary = Gdal.run("ogrinfo", "-al", "-so", out.toString());
        assertTrue(summary.contains("Layer name: objects"), summary);
        assertTrue(summary.contains("Geometry: Polygon") && summary.contains("Feature Count: 7"), summary);
        assertTrue(summary.contains("UTM zone 11N") && summary.contains("ID[\"EPSG\",32611]"), summary);
        assertTrue(summary.contains("Class: String") && summary.contains("ClassValue: Integer") && summary.contains("Confidence: Real"),
                summary);
        assertFalse(summary.contains("Warning"), "GeoPackage 1.2, which GDAL 3.6 reads without a warning: " + summary);
        String pool = Gdal.run("ogrinfo", "-al", "-q", "-where", "Class = 'Pool'", out.toString());
        assertTrue(pool.contains("POLYGON ((500003 4099886,500009 4099886,500009 4099892,500003 4099892,500003 4099886))"), pool);
        // GDAL's own GeoPackage validator (python3-gdal), requirement by requirement.
        String validation = Gdal.run("/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", out.toString());
        assertEquals("", validation.strip(), validation);
        assertEquals(List.of(out), listed(), "the scratch database and the partial file are gone");
    }

    private List<Path> listed() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".gpkg") || f.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aYoloOutputWithAnotherClassCountIsRefusedAtConvertAndAtDetect() throws Exception {
        Path model = YoloFixtures.v8(dir.resolve("four.onnx"), 4);
        Path info = Files.writeString(dir.resolve("three.json"), DetectionFixtures.CLASS_INFO.replace("\"ModelType\"",
                "\"DetectionOutputs\": {\"Convention\": \"yolo-v8\", \"Predictions\": \"output0\"}, \"ModelType\""));
        MismatchException refused = assertThrows(MismatchException.class,
                () -> DeepLearningModelToEcd.run(model, info, dir.resolve("four.ecd"), ConversionOptions.DEFAULT));
        assertTrue(refused.getMessage().contains("lists 3 classes") && refused.getMessage().contains("4 + 4 class scores"),
                refused.getMessage());
        assertFalse(Files.exists(dir.resolve("four.ecd")));

        DeepLearningModelToEcd.run(model, info, dir.resolve("four.ecd"), ALLOW_MISMATCH);
        Path out = dir.resolve("four.geojson");
        EcdkitException e = assertThrows(MismatchException.class, () -> DetectObjects.run(dir.resolve("four.ecd"),
                DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS), out, DetectOptions.DEFAULT,
                DetectListener.SILENT));
        assertOneLine(e, ExitCode.MISMATCH, "holds 8 values per box");
        assertFalse(Files.exists(out));
    }

    @Test
    void aLabelBeyondTheClassesStopsTheRunAndWritesNothing() throws Exception {
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        List<Obj> objects = new ArrayList<>(DetectionFixtures.OBJECTS);
        objects.add(new Obj(250, 150, 3, 240)); // class index 3 of a 3-class definition
        Path scene = DetectionFixtures.scene(dir.resolve("labels.tif"), objects);
        Path out = dir.resolve("labels.geojson");
        EcdkitException e = assertThrows(MismatchException.class,
                () -> DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12), DetectListener.SILENT));
        assertOneLine(e, ExitCode.MISMATCH, "returned label 3");
        assertTrue(e.getMessage().contains("labels 0 to 2"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aLabelBelowTheFirstLabelIsNotTakenForTheBackgroundSilently() throws Exception {
        // Torchvision's RetinaNet and FCOS have no background class: their label 0 is a class.
        Path model = OnnxFixtures.markerDetector(dir.resolve("zero.onnx"), DetectionFixtures.TILE, DetectionFixtures.SIZE,
                DetectionFixtures.MAX_DETECTIONS);
        EcdkitException e = detectFails(MismatchException.class, model,
                "{\"Boxes\": \"boxes\", \"Scores\": \"scores\", \"Classes\": \"labels\", \"FirstLabel\": 1}");
        assertEquals(1, detectionOutputs(dir.resolve("zero.ecd")).get("FirstLabel").asLong(0, 9));
        assertOneLine(e, ExitCode.MISMATCH, "returned label 0");
        assertTrue(e.getMessage().contains("FirstLabel"), e.getMessage());
    }

    @Test
    void masksOfAnotherSizeThanTheTileAreRefused() throws Exception {
        int k = DetectionFixtures.MAX_DETECTIONS;
        Path model = OnnxFixtures.markerDetector(DetectionFixtures.TILE, DetectionFixtures.SIZE, k)
                .initializer("small_masks", new long[] {k, 1, 8, 8}, new float[k * 64])
                .node("Identity", List.of("small_masks"), List.of("masks"))
                .output("boxes", OnnxModelBuilder.FLOAT, "batch", k, 4)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", k)
                .output("labels", OnnxModelBuilder.INT64, "batch", k)
                .output("masks", OnnxModelBuilder.FLOAT, k, 1, 8, 8)
                .write(dir.resolve("masks.onnx"));
        String outputs = "{\"Convention\": \"torchvision\", \"Boxes\": \"boxes\", \"Scores\": \"scores\", "
                + "\"Classes\": \"labels\", \"Masks\": \"masks\", \"FirstLabel\": 0}";
        // Masks are one image's: with the class info's batch of 4 they cannot be told apart.
        assertOneLine(detectFails(InvalidInputException.class, model, outputs), ExitCode.INVALID_INPUT,
                "masks are read for one image at a time");
        EcdkitException e = detectFails(InvalidInputException.class, model, outputs,
                DetectOptions.DEFAULT.withPadding(12).withBatch(1));
        assertOneLine(e, ExitCode.INVALID_INPUT, "masks of shape [20, 1, 8, 8]");
    }

    @Test
    void aDetectorReturningNaNBoxesStopsTheRun() throws Exception {
        int k = DetectionFixtures.MAX_DETECTIONS;
        Path model = OnnxFixtures.markerDetector(DetectionFixtures.TILE, DetectionFixtures.SIZE, k)
                .initializer("nan", new long[] {}, new float[] {Float.NaN})
                .node("Mul", List.of("boxes", "nan"), List.of("nan_boxes"))
                .output("nan_boxes", OnnxModelBuilder.FLOAT, "batch", k, 4)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", k)
                .output("labels", OnnxModelBuilder.INT64, "batch", k)
                .write(dir.resolve("nan.onnx"));
        EcdkitException e = detectFails(RuntimeFailureException.class, model,
                "{\"Boxes\": \"nan_boxes\", \"Scores\": \"scores\", \"Classes\": \"labels\"}");
        assertOneLine(e, ExitCode.RUNTIME_FAILURE, "not a number");
    }

    /**
     * Converts {@code model} with the fixtures' class info naming its outputs as {@code outputs} says,
     * detects on the marker scene, and returns the {@code type} the run failed with, having checked
     * that nothing was written.
     */
    private EcdkitException detectFails(Class<? extends EcdkitException> type, Path model, String outputs) throws Exception {
        return detectFails(type, model, outputs, DetectOptions.DEFAULT.withPadding(12));
    }

    private EcdkitException detectFails(Class<? extends EcdkitException> type, Path model, String outputs,
            DetectOptions options) throws Exception {
        String name = model.getFileName().toString().replace(".onnx", "");
        Path info = Files.writeString(dir.resolve(name + ".json"), DetectionFixtures.CLASS_INFO.replace("\"ModelType\"",
                "\"DetectionOutputs\": " + outputs + ", \"ModelType\""));
        Path ecd = dir.resolve(name + ".ecd");
        DeepLearningModelToEcd.run(model, info, ecd, ConversionOptions.DEFAULT);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve(name + ".geojson");
        EcdkitException e = assertThrows(type, () -> DetectObjects.run(ecd, scene, out, options, DetectListener.SILENT));
        assertFalse(Files.exists(out), "nothing is written");
        return e;
    }

    /** The DetectionOutputs convert wrote into the definition. */
    static JsonCursor detectionOutputs(Path ecd) {
        return JsonDocumentReader.read(ecd).cursor().get("Definitions").elements().get(0).get("DetectionOutputs");
    }

    private static void assertOneLine(EcdkitException e, ExitCode code, String words) {
        assertEquals(code, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
