package org.ecdkit.cli.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;

/**
 * Writes the detection example bundled in {@code examples/detection}: a 512 x 512 scene in UTM zone
 * 11N holding 40 square objects of three kinds (trees, cars, pools), and a detector whose boxes are
 * exactly the objects' squares, so what {@code ./ecdkit demo} finds can be checked by eye. Band 1
 * marks each object's top-left pixel with its score, band 2 holds its class there, band 3 draws the
 * objects for people to look at; the class info's ExtractBands feeds the detector bands 1 and 2.
 * {@code BundledExampleTest} checks the committed files are exactly what this writes.
 */
public final class DetectionExample {

    public static final String MODEL = "detector.onnx";
    public static final String CLASS_INFO = "classes.json";
    public static final String SCENE = "scene.tif";
    public static final int SIDE = 512;
    public static final int OBJECT = 12;
    public static final int TILE = 128;
    public static final int OBJECTS = 40;

    static final String CLASS_INFO_TEXT = """
            {"Classifier": "ONNX", "NumberRasterBands": 2, "ExtractBands": [0, 1], "MiniBatchSize": 4,
             "ModelType": "ObjectDetection", "ModelPadding": 16,
             "Classes": [{"Value": 1, "Name": "Tree", "Color": [0, 128, 0]},
                         {"Value": 2, "Name": "Car", "Color": [200, 0, 0]},
                         {"Value": 3, "Name": "Pool", "Color": [0, 120, 255]}]}
            """;

    /** An object: top-left pixel, class index, score times 255. */
    public record Placed(int x, int y, int kind, int score) {
    }

    private DetectionExample() {
    }

    /** Objects placed at random but reproducibly, none touching another. */
    public static List<Placed> objects() {
        Random random = new Random(20261124);
        List<Placed> placed = new ArrayList<>();
        while (placed.size() < OBJECTS) {
            int x = random.nextInt(SIDE - OBJECT);
            int y = random.nextInt(SIDE - OBJECT);
            boolean apart = placed.stream().allMatch(p -> Math.abs(p.x() - x) > OBJECT + 2 || Math.abs(p.y() - y) > OBJECT + 2);
            if (apart) {
                placed.add(new Placed(x, y, random.nextInt(3), 140 + random.nextInt(116)));
            }
        }
        return placed;
    }

    public static void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        OnnxFixtures.markerDetector(folder.resolve(MODEL), TILE, OBJECT, 64);
        Files.writeString(folder.resolve(CLASS_INFO), CLASS_INFO_TEXT);
        Map<Long, Placed> marks = new HashMap<>();
        List<Placed> objects = objects();
        for (Placed p : objects) {
            marks.put((long) p.y() << 32 | p.x(), p);
        }
        GeoTiffFixture.of(SIDE, SIDE, 3, SampleType.UINT8, (x, y, band) -> {
            Placed mark = marks.get((long) y << 32 | x);
            if (band == 0) {
                return mark == null ? 0 : mark.score();
            }
            if (band == 1) {
                return mark == null ? 0 : mark.kind();
            }
            for (Placed p : objects) {
                if (x >= p.x() && x < p.x() + OBJECT && y >= p.y() && y < p.y() + OBJECT) {
                    return 120 + 60 * p.kind();
                }
            }
            return 30;
        }).tiled(128).deflate().epsg(32611, 500_000, 4_100_000, 0.5).write(folder.resolve(SCENE));
    }
}
