package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.cli.example.DetectionExample;
import org.ecdkit.core.json.JsonDocumentReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecdkit detect} on the bundled detection example, as a user runs it. */
class DetectCommandTest {

    @TempDir
    Path dir;
    Path ecd;
    Path scene;

    @BeforeEach
    void convert() throws Exception {
        DetectionExample.write(dir);
        ecd = dir.resolve("detector.ecd");
        scene = dir.resolve(DetectionExample.SCENE);
        CommandRun run = CommandRun.of("convert", dir.resolve(DetectionExample.MODEL).toString(),
                dir.resolve(DetectionExample.CLASS_INFO).toString(), ecd.toString());
        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void findsEveryObjectOfTheExample() throws Exception {
        Path out = dir.resolve("objects.geojson");
        CommandRun run = CommandRun.of("detect", ecd.toString(), scene.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("40 objects;"), run.toString());
        assertEquals(DetectionExample.OBJECTS, JsonDocumentReader.read(out).cursor().get("features").elements().size());
    }

    @Test
    void aHigherThresholdKeepsFewerAndEsriJsonIsWrittenOnRequest() throws Exception {
        Path out = dir.resolve("objects.json");
        CommandRun run = CommandRun.of("detect", "--threshold", "0.9", "--format", "esrijson", "--quiet", ecd.toString(),
                scene.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.toString());
        var root = JsonDocumentReader.read(out).cursor();
        assertEquals(32611, root.get("spatialReference").get("wkid").asInt(0, 99999));
        long strong = DetectionExample.objects().stream().filter(o -> o.score() / 255.0 >= 0.9).count();
        assertEquals(strong, root.get("features").elements().size());
    }

    @Test
    void anEsriPackageDetectsAsItsDefinitionDoes() throws Exception {
        Path dlpk = dir.resolve("detector.dlpk");
        assertEquals(0, CommandRun.of("export", "--to", "dlpk", ecd.toString(), dlpk.toString()).exitCode());
        // Same file names in two folders: GeoJSON names its collection after the file.
        Path fromEcd = Files.createDirectories(dir.resolve("ecd")).resolve("objects.geojson");
        Path fromDlpk = Files.createDirectories(dir.resolve("dlpk")).resolve("objects.geojson");
        assertEquals(0, CommandRun.of("detect", "-q", ecd.toString(), scene.toString(), fromEcd.toString()).exitCode());
        CommandRun run = CommandRun.of("detect", dlpk.toString(), scene.toString(), fromDlpk.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith(dlpk + " is an Esri deep learning package (.dlpk); it was converted to a classifier "
                + "definition for this run"), run.out());
        assertEquals(Files.readString(fromEcd), Files.readString(fromDlpk));
    }

    @Test
    void badOptionsAreUsageErrorsOnOneLine() {
        CommandRun threshold = CommandRun.of("detect", "--threshold", "2", ecd.toString(), scene.toString(),
                dir.resolve("x.geojson").toString());
        assertEquals(2, threshold.exitCode(), threshold.toString());
        assertEquals(1, threshold.errLines().size(), threshold.toString());
        CommandRun format = CommandRun.of("detect", "--format", "kml", ecd.toString(), scene.toString(),
                dir.resolve("x.geojson").toString());
        assertEquals(2, format.exitCode(), format.toString());
        assertFalse(dir.resolve("x.geojson").toFile().exists());
        CommandRun threads = CommandRun.of("detect", "--threads", "-2", ecd.toString(), scene.toString(),
                dir.resolve("x.geojson").toString());
        assertEquals(2, threads.exitCode(), threads.toString());
    }

    @Test
    void anOutputNamedForAnotherVectorFormatIsRefusedWithTheWayToGetIt() {
        Path shp = dir.resolve("objects.shp");
        CommandRun run = CommandRun.of("detect", ecd.toString(), scene.toString(), shp.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of("error: " + shp + ": ecdkit writes GeoJSON, Esri JSON or GeoPackage, not .shp; write "
                + "objects.geojson and convert it with GDAL (ogr2ogr objects.shp objects.geojson)"), run.errLines());
        assertFalse(shp.toFile().exists());
    }

    @Test
    void anOutputNamedGpkgIsAGeoPackageAndAContradictingFormatIsRefused() throws Exception {
        org.ecdkit.raster.fixture.Gdal.require();
        Path gpkg = dir.resolve("objects.gpkg");
        CommandRun run = CommandRun.of("detect", "-q", ecd.toString(), scene.toString(), gpkg.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String info = org.ecdkit.raster.fixture.Gdal.run("ogrinfo", "-so", gpkg.toString(), "objects");
        assertTrue(info.contains("Feature Count: " + DetectionExample.OBJECTS), info);
        Path named = dir.resolve("other.gpkg");
        CommandRun contradiction = CommandRun.of("detect", "--format", "geojson", ecd.toString(), scene.toString(),
                named.toString());
        assertEquals(2, contradiction.exitCode(), contradiction.toString());
        assertEquals(List.of("error: --format geojson but the output other.gpkg is named as GeoPackage; name it .geojson "
                + "or leave --format out"), contradiction.errLines());
        assertFalse(named.toFile().exists());
    }
}
