package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.detect.fixture.DetectionFixtures;
import org.ecdkit.detect.fixture.DetectionFixtures.Obj;
import org.ecdkit.detect.output.FeatureFormat;
import org.ecdkit.format.ecd.EcdReader;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.runtime.tensorflow.TensorFlowModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectObjectsTest {

    @TempDir
    Path dir;

    /** A feature read back: its ring's bounds and attributes. */
    record Found(double minX, double minY, double maxX, double maxY, String name, long value, double confidence) {
    }

    static List<Found> readGeoJson(Path file) {
        JsonCursor root = JsonDocumentReader.read(file).cursor();
        List<Found> found = new ArrayList<>();
        for (JsonCursor feature : root.get("features").elements()) {
            JsonCursor properties = feature.get("properties");
            List<JsonCursor> ring = feature.get("geometry").get("coordinates").elements().get(0).elements();
            assertEquals(5, ring.size());
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            double area = 0;
            for (int i = 0; i < 5; i++) {
                double x = ring.get(i).elements().get(0).asDouble();
                double y = ring.get(i).elements().get(1).asDouble();
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
                if (i < 4) {
                    area += x * ring.get(i + 1).elements().get(1).asDouble() - ring.get(i + 1).elements().get(0).asDouble() * y;
                }
            }
            assertTrue(area > 0, "RFC 7946: exterior rings counter-clockwise");
            found.add(new Found(minX, minY, maxX, maxY, properties.get("Class").asString(),
                    properties.get("ClassValue").asLong(0, 99), properties.get("Confidence").asDouble()));
        }
        found.sort(Comparator.comparingDouble(Found::minX).thenComparingDouble(Found::minY));
        return found;
    }

    /** What the detections must be: one per object scoring at least the threshold, its exact box. */
    static List<Found> expected(List<Obj> objects, double threshold) {
        String[] names = {"Tree", "Car", "Pool"};
        List<Found> expected = new ArrayList<>();
        for (Obj o : objects) {
            if (o.score() >= threshold) {
                double[] box = DetectionFixtures.mapBox(o);
                expected.add(new Found(box[0], box[3], box[2], box[1], names[o.classIndex()], o.classIndex() + 1,
                        Math.rint(o.score() * 1e6) / 1e6));
            }
        }
        expected.sort(Comparator.comparingDouble(Found::minX).thenComparingDouble(Found::minY));
        return expected;
    }

    static void assertSame(List<Found> expected, List<Found> actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (int i = 0; i < expected.size(); i++) {
            Found e = expected.get(i);
            Found a = actual.get(i);
            assertEquals(e.minX(), a.minX(), 1e-6, a.toString());
            assertEquals(e.minY(), a.minY(), 1e-6, a.toString());
            assertEquals(e.maxX(), a.maxX(), 1e-6, a.toString());
            assertEquals(e.maxY(), a.maxY(), 1e-6, a.toString());
            assertEquals(e.name(), a.name());
            assertEquals(e.value(), a.value());
            assertEquals(e.confidence(), a.confidence(), 2e-6, "float32 scores");
        }
    }

    @Test
    void everyObjectIsFoundOnceWithItsBoxInMapCoordinates() throws Exception {
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        assertTrue(Files.readString(ecd).contains("\"OutputKind\": \"Detections\""), "the definition names a detector");
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve("objects.geojson");
        DetectionSummary summary = DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12),
                DetectListener.SILENT);
        assertSame(expected(DetectionFixtures.OBJECTS, 0.5), readGeoJson(out));
        assertEquals(7, summary.detections(), "the 0.3 object is below the threshold");
        assertTrue(summary.suppressed() > 0, "the corner object is seen whole by four tiles, reported once");
        assertTrue(summary.cutAtEdges() > 0, "tiles that cut an object drop it");
        JsonCursor crs = JsonDocumentReader.read(out).cursor().get("crs").get("properties").get("name");
        assertEquals("urn:ogc:def:crs:EPSG::32611", crs.asString());
    }

    @Test
    void theResultDoesNotDependOnTilingOrBatching() throws Exception {
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        List<Found> expected = expected(DetectionFixtures.OBJECTS, 0.25);
        int run = 0;
        for (int padding : new int[] {6, 12, 20}) {
            for (int batch : new int[] {1, 3, 8}) {
                Path out = dir.resolve("run" + run++ + ".geojson");
                DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(padding).withBatch(batch).withThreshold(0.25),
                        DetectListener.SILENT);
                assertSame(expected, readGeoJson(out));
            }
        }
    }

    @Test
    void theTensorFlowObjectDetectionConventionGivesTheSameObjects() throws Exception {
        Path model = TensorFlowModels.markerDetector(dir.resolve("tf-detector"), DetectionFixtures.TILE, DetectionFixtures.SIZE,
                DetectionFixtures.MAX_DETECTIONS);
        Path ecd = DetectionFixtures.convert(dir, model, "tf");
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve("tf.geojson");
        DetectionSummary summary = DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12),
                DetectListener.SILENT);
        assertEquals("tf-object-detection", summary.plan().outputs().convention().id());
        assertSame(expected(DetectionFixtures.OBJECTS, 0.5), readGeoJson(out));
    }

    @Test
    void theTensorFlow2ObjectDetectionApiSignatureTakesItsUint8Input() throws Exception {
        // The exporter's signature: "input_tensor" uint8 [1, H, W, bands], sizes free, so the class info gives the tile.
        Path model = TensorFlowModels.objectDetectionApiDetector(dir.resolve("tf2-detector"), DetectionFixtures.TILE,
                DetectionFixtures.SIZE, DetectionFixtures.MAX_DETECTIONS);
        Path info = Files.writeString(dir.resolve("tf2.json"), DetectionFixtures.CLASS_INFO.replace("\"ModelType\"",
                "\"ImageHeight\": 64, \"ImageWidth\": 64, \"ModelType\""));
        Path ecd = dir.resolve("tf2.ecd");
        org.ecdkit.convert.DeepLearningModelToEcd.run(model, info, ecd);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve("tf2.geojson");
        DetectionSummary summary = DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12),
                DetectListener.SILENT);
        assertEquals("tf-object-detection", summary.plan().outputs().convention().id());
        assertEquals(1, summary.plan().batch(), "the signature's batch of 1");
        assertSame(expected(DetectionFixtures.OBJECTS, 0.5), readGeoJson(out));
    }

    @Test
    void gdalReadsTheGeoJsonAndTheEsriJson() throws Exception {
        Gdal.require();
        Path ecd = DetectionFixtures.onnxDefinition(dir);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        for (FeatureFormat format : FeatureFormat.values()) {
            Path out = dir.resolve("objects." + (format == FeatureFormat.GEOJSON ? "geojson" : "json"));
            DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12).withFormat(format), DetectListener.SILENT);
            String info = Gdal.run("ogrinfo", "-al", "-so", out.toString());
            assertTrue(info.contains("Feature Count: 7"), info);
            assertTrue(info.contains("UTM zone 11N"), info);
            assertTrue(info.contains("Class: String") && info.contains("ClassValue: Integer") && info.contains("Confidence: Real"),
                    info);
            String all = Gdal.run("ogrinfo", "-al", "-q", "-where", "Class = 'Pool'", out.toString());
            // The pool at pixel (5, 180), 10 pixels square: x 3 to 9 m east, y 108 to 114 m south of the origin.
            assertTrue(all.contains("POLYGON ((500003 4099886,500009 4099886,500009 4099892,500003 4099892,500003 4099886))")
                    || all.contains("POLYGON ((500003 4099886,500003 4099892,500009 4099892,500009 4099886,500003 4099886))"), all);
            assertTrue(all.contains("Confidence (Real) = 0.823529"), all);
        }
    }

    @Test
    void aDefinitionThatIsNotADetectorIsRefusedInOneLine() throws Exception {
        Path model = OnnxFixtures.fourBandsTwoClasses(dir.resolve("segmenter.onnx"));
        Path info = Files.writeString(dir.resolve("classes.json"), "{\"NumberRasterBands\": 4, \"MiniBatchSize\": 1, "
                + "\"Classes\": [{\"Value\": 1, \"Name\": \"a\", \"Color\": [1, 2, 3]}, {\"Value\": 2, \"Name\": \"b\", \"Color\": [4, 5, 6]}]}");
        Path ecd = dir.resolve("segmenter.ecd");
        org.ecdkit.convert.DeepLearningModelToEcd.run(model, info, ecd);
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class,
                () -> DetectObjects.run(ecd, scene, dir.resolve("out.geojson"), DetectOptions.DEFAULT, DetectListener.SILENT));
        assertTrue(e.getMessage().contains("are not an object detector's that ecdkit reads"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.geojson")));
        assertEquals(1, EcdReader.read(ecd).value().definitions().size());
    }

    @Test
    void outputsWithOtherNamesAreNamedInTheDefinition() throws Exception {
        Path model = OnnxFixtures.markerDetector(dir.resolve("odd.onnx"), DetectionFixtures.TILE, DetectionFixtures.SIZE,
                DetectionFixtures.MAX_DETECTIONS, "out_a", "out_b", "out_c");
        Path info = Files.writeString(dir.resolve("odd.json"), DetectionFixtures.CLASS_INFO.replace("\"ModelType\"",
                "\"DetectionOutputs\": {\"Convention\": \"boxes-scores-labels\", \"Boxes\": \"out_a\", "
                        + "\"Scores\": \"out_b\", \"Classes\": \"out_c\"}, \"ModelType\""));
        Path ecd = dir.resolve("odd.ecd");
        org.ecdkit.convert.DeepLearningModelToEcd.run(model, info, ecd, new org.ecdkit.convert.ConversionOptions(false,
                java.util.Optional.empty(), java.util.Optional.of("out_a"), org.ecdkit.model.InspectOptions.DEFAULT));
        Path scene = DetectionFixtures.scene(dir.resolve("scene.tif"), DetectionFixtures.OBJECTS);
        Path out = dir.resolve("odd.geojson");
        DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(12), DetectListener.SILENT);
        assertSame(expected(DetectionFixtures.OBJECTS, 0.5), readGeoJson(out));
    }
}
