package org.ecdkit.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.convert.ConversionOptions;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.detect.fixture.DetectionFixtures;
import org.ecdkit.detect.fixture.TorchvisionDetectors;
import org.ecdkit.detect.fixture.TorchvisionDetectors.Export;
import org.ecdkit.detect.fixture.TorchvisionDetectors.TorchDetection;
import org.ecdkit.model.ModelInspectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torchvision's detectors as torchvision documents their export ({@code torch.onnx.export(model,
 * ([image],), ..., opset_version=11)}: one unbatched [3, H, W] image in; boxes, scores, labels and
 * Mask R-CNN's masks out) convert without a word of configuration beyond the classes, and detect
 * exactly what PyTorch itself detects on the same scene: the same boxes within 0.01 pixel, the same
 * labels, scores within 1e-4, and for Mask R-CNN outlines covering the pixels PyTorch's masks put at
 * 0.5 or more.
 */
class TorchvisionDetectorsTest {

    private static final String CLASSES = """
            "Classes": [{"Value": 1, "Name": "Tree", "Color": [0, 128, 0]},
                        {"Value": 2, "Name": "Car", "Color": [200, 0, 0]},
                        {"Value": 3, "Name": "Pool", "Color": [0, 0, 255]}]""";

    @TempDir
    Path dir;

    @Test
    void ssdliteAsTorchvisionExportsIt() throws Exception {
        Export export = TorchvisionDetectors.export(dir, "ssdlite", 3, 320);
        TensorSpec input = ModelInspectors.standard().inspect(export.model(), org.ecdkit.model.InspectOptions.DEFAULT).signature().inputs().get(0);
        assertEquals(Layout.CHW, input.layout().layout(), "the unbatched [3, 320, 320] image, not a batch of one-band images");
        assertTrue(input.layout().reason().contains("first Conv takes 3 channels"), input.layout().reason());
        assertSameAsPyTorch(export, 320, "", 1);
    }

    @Test
    void acrossTilesObjectsAreFoundOnceAsTheDocumentedMergeFindsThemWithPyTorch() throws Exception {
        // 600 x 600 in SSDlite's 320-pixel tiles, overlapping by 80: PyTorch runs each window ecdkit cuts,
        // and the script merges them by the documented rule with torchvision's own batched_nms.
        int side = 600;
        int padding = 40;
        List<org.ecdkit.raster.Window> windows = org.ecdkit.inference.tiling.TileGrid.cropped(side, side, 320, 320, padding)
                .tiles().stream().map(org.ecdkit.inference.tiling.Tile::window).toList();
        assertTrue(windows.size() >= 4, "a grid of tiles: " + windows);
        Export export = TorchvisionDetectors.export(dir, "ssdlite", 3, side, side, windows);
        Path ecd = convert(export, "");
        Path scene = TorchvisionDetectors.scene(dir.resolve("scene.tif"), side, side);
        Path out = dir.resolve("tiled.geojson");
        DetectionSummary summary = DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(padding),
                DetectListener.SILENT);
        assertEquals(windows.size(), summary.plan().tiles());
        assertTrue(summary.cutAtEdges() > 0 && summary.suppressed() > 0, "tiles cut objects, and neighbours saw them twice");
        List<Found> features = read(out);
        assertTrue(export.merged().size() >= 20, "objects to compare: " + export.merged().size());
        assertEquals(export.merged().size(), features.size(), "as many objects as the reference merge keeps");
        List<Found> left = new ArrayList<>(features);
        long straddling = 0;
        for (TorchDetection d : export.merged()) {
            Found match = left.stream().filter(f -> f.value() == d.label() && Math.abs(f.x1() - d.x1()) < 0.01
                    && Math.abs(f.y1() - d.y1()) < 0.01 && Math.abs(f.x2() - d.x2()) < 0.01 && Math.abs(f.y2() - d.y2()) < 0.01
                    && Math.abs(f.confidence() - d.score()) < 1e-4).findFirst()
                    .orElseThrow(() -> new AssertionError("the reference's " + d + " was not found among " + left));
            left.remove(match);
            double middle = side / 2.0;
            if (d.x1() < middle && d.x2() > middle || d.y1() < middle && d.y2() > middle) {
                straddling++;
            }
        }
        assertTrue(straddling > 0, "some objects lie across the middle of the scene, in no single tile's core");
    }

    @Test
    void fasterRcnnAsTorchvisionExportsIt() throws Exception {
        Export export = TorchvisionDetectors.export(dir, "fasterrcnn", 3, 256);
        assertSameAsPyTorch(export, 256, "", 1);
        // Its box predictor scores 4 labels: the background and 3 classes. A class info of 2 is refused at convert.
        Path two = Files.writeString(dir.resolve("two.json"), "{\"NumberRasterBands\": 3, \"MiniBatchSize\": 1, "
                + CLASSES.replaceFirst(",\\s*\\{\"Value\": 3[^}]*}", "") + "}");
        org.ecdkit.core.error.MismatchException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.ecdkit.core.error.MismatchException.class,
                () -> DeepLearningModelToEcd.run(export.model(), two, dir.resolve("two.ecd"), ConversionOptions.DEFAULT));
        assertTrue(refused.getMessage().contains("lists 2 classes") && refused.getMessage().contains("scores 4 labels per box")
                && refused.getMessage().contains("less the background, label 0, 3 classes"), refused.getMessage());
    }

    @Test
    void retinaNetWhoseLabelsCountFromZero() throws Exception {
        // RetinaNet (and FCOS) have no background class: the class info says their labels start at 0.
        assertSameAsPyTorch(TorchvisionDetectors.export(dir, "retinanet", 3, 256), 256, """
                "DetectionOutputs": {"Convention": "torchvision", "Boxes": "boxes", "Scores": "scores",
                                     "Classes": "labels", "FirstLabel": 0},""", 0);
    }

    @Test
    void maskRcnnMasksBecomeOutlines() throws Exception {
        Export export = TorchvisionDetectors.export(dir, "maskrcnn", 3, 256);
        // Boxes first: the same detector read without its masks gives PyTorch's boxes.
        assertSameAsPyTorch(export, 256, """
                "DetectionOutputs": {"Convention": "torchvision", "Boxes": "boxes", "Scores": "scores",
                                     "Classes": "labels"},""", 1);
        Path ecd = convert(export, "");
        assertEquals("masks", DetectorConventionsTest.detectionOutputs(ecd).get("Masks").asString(), "recognised by name");
        List<Found> outlines = detect(ecd, 256);
        List<TorchDetection> expected = boxes(export);
        assertEquals(expected.size(), outlines.size());
        int outlined = 0;
        List<Found> left = new ArrayList<>(outlines);
        for (TorchDetection d : expected) {
            // An outline lies within its box, give or take the pixel torchvision's paste reaches beyond it.
            Found f = left.stream().filter(o -> o.value() == d.label() && Math.abs(o.confidence() - d.score()) < 1e-4
                    && o.x1() >= Math.floor(d.x1()) - 2 && o.x2() <= Math.ceil(d.x2()) + 2
                    && o.y1() >= Math.floor(d.y1()) - 2 && o.y2() <= Math.ceil(d.y2()) + 2).findFirst()
                    .orElseThrow(() -> new AssertionError("no outline for PyTorch's " + d));
            left.remove(f);
            double pixels = f.area() / (DetectionFixtures.PIXEL * DetectionFixtures.PIXEL);
            if (d.maskPixels() > 0) {
                outlined++;
                assertEquals(d.maskPixels(), pixels, d.maskUncertain() + 0.01,
                        "the outline covers the mask's pixels at 0.5 or more (coordinates rounded to 1e-6 m): " + d);
            } else {
                assertEquals((d.x2() - d.x1()) * (d.y2() - d.y1()), pixels, 0.05, "an empty mask leaves the box: " + d);
            }
        }
        assertTrue(outlined >= 10, "masks were outlined: " + outlined);
    }

    /** A feature read back from the GeoJSON, in the scene's pixels, with the torch detection it matched. */
    record Found(double x1, double y1, double x2, double y2, long value, double confidence, double area, TorchDetection torch) {
        Found matched(TorchDetection with) {
            return new Found(x1, y1, x2, y2, value, confidence, area, with);
        }
    }

    private List<Found> assertSameAsPyTorch(Export export, int side, String outputs, int firstLabel) throws Exception {
        Path ecd = convert(export, outputs);
        JsonCursor written = DetectorConventionsTest.detectionOutputs(ecd);
        assertEquals("torchvision", written.get("Convention").asString());
        assertEquals(firstLabel, written.get("FirstLabel").asLong(0, 9));
        List<Found> features = detect(ecd, side);
        List<TorchDetection> expected = boxes(export);
        assertTrue(expected.size() >= 20, "PyTorch found objects to compare: " + expected.size());
        assertEquals(expected.size(), features.size(), "as many objects as PyTorch found");
        List<Found> matched = new ArrayList<>();
        List<Found> left = new ArrayList<>(features);
        for (TorchDetection d : expected) {
            Found match = left.stream().filter(f -> f.value() == d.label() - firstLabel + 1
                    && Math.abs(f.x1() - d.x1()) < 0.01 && Math.abs(f.y1() - d.y1()) < 0.01
                    && Math.abs(f.x2() - d.x2()) < 0.01 && Math.abs(f.y2() - d.y2()) < 0.01
                    && Math.abs(f.confidence() - d.score()) < 1e-4).findFirst()
                    .orElseThrow(() -> new AssertionError("PyTorch's " + d + " was not found among " + left));
            left.remove(match);
            matched.add(match.matched(d));
        }
        return matched;
    }

    private Path convert(Export export, String outputs) throws Exception {
        Path info = Files.writeString(dir.resolve("classes.json"), "{\"NumberRasterBands\": 3, \"MiniBatchSize\": 1, "
                + outputs + CLASSES + "}");
        Path ecd = dir.resolve("detector.ecd");
        Files.deleteIfExists(ecd);
        DeepLearningModelToEcd.run(export.model(), info, ecd, ConversionOptions.DEFAULT);
        return ecd;
    }

    /** One tile (no padding) holds the scene as PyTorch saw it; nothing below a score of 0, no extra suppression. */
    private List<Found> detect(Path ecd, int side) throws Exception {
        Path scene = TorchvisionDetectors.scene(dir.resolve("scene.tif"), side);
        Path out = dir.resolve("objects.geojson");
        Files.deleteIfExists(out);
        DetectObjects.run(ecd, scene, out, DetectOptions.DEFAULT.withPadding(0).withThreshold(0).withNmsOverlap(1),
                DetectListener.SILENT);
        return read(out);
    }

    /** PyTorch's detections that are boxes (torchvision may return a box of no width, which is no object). */
    private static List<TorchDetection> boxes(Export export) {
        return export.detections().stream().filter(d -> d.x2() > d.x1() && d.y2() > d.y1()).toList();
    }

    private static List<Found> read(Path geojson) {
        List<Found> found = new ArrayList<>();
        for (JsonCursor feature : JsonDocumentReader.read(geojson).cursor().get("features").elements()) {
            JsonCursor geometry = feature.get("geometry");
            List<JsonCursor> polygons = geometry.get("type").asString().equals("Polygon")
                    ? List.of(geometry.get("coordinates")) : geometry.get("coordinates").elements();
            org.locationtech.jts.geom.Envelope bounds = new org.locationtech.jts.geom.Envelope();
            double area = 0;
            for (JsonCursor polygon : polygons) {
                List<JsonCursor> rings = polygon.elements();
                for (int r = 0; r < rings.size(); r++) {
                    List<JsonCursor> points = rings.get(r).elements();
                    double twiceArea = 0;
                    for (int i = 0; i < points.size(); i++) {
                        double x = points.get(i).elements().get(0).asDouble();
                        double y = points.get(i).elements().get(1).asDouble();
                        bounds.expandToInclude(x, y);
                        if (i + 1 < points.size()) {
                            twiceArea += x * points.get(i + 1).elements().get(1).asDouble()
                                    - points.get(i + 1).elements().get(0).asDouble() * y;
                        }
                    }
                    assertTrue(r == 0 ? twiceArea > 0 : twiceArea < 0, "RFC 7946: exteriors counter-clockwise, holes clockwise");
                    area += twiceArea / 2;
                }
            }
            JsonCursor properties = feature.get("properties");
            double pixel = DetectionFixtures.PIXEL;
            found.add(new Found((bounds.getMinX() - DetectionFixtures.ORIGIN_X) / pixel,
                    (DetectionFixtures.ORIGIN_Y - bounds.getMaxY()) / pixel, (bounds.getMaxX() - DetectionFixtures.ORIGIN_X) / pixel,
                    (DetectionFixtures.ORIGIN_Y - bounds.getMinY()) / pixel,
                    properties.get("ClassValue").asLong(0, 99), properties.get("Confidence").asDouble(), area, null));
        }
        return found;
    }
}
