package org.ecdkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sedona.spark.SedonaContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.fixture.ClassifyFixtures;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.tiff.GeoTiffSource;
import org.ecdkit.spark.job.JobSettings;
import org.ecdkit.spark.job.JobSummary;
import org.ecdkit.spark.progress.JobProgress;
import org.ecdkit.spark.windows.WindowJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled raster opens in Apache Sedona, the GeoTIFF reader a Spark user has (GeoTools, strict
 * about TIFF structure), and in GDAL: same size, CRS, georeferencing and pixels as ecdkit's own reader
 * sees, and as the threshold model's weights decide.
 */
class SedonaReaderTest {

    @TempDir
    Path dir;

    @Test
    void sedonaReadsTheAssembledRasterAsEcdkitWroteIt() throws Exception {
        Path ecd = ClassifyFixtures.thresholdDefinition(dir);
        Path scene = ClassifyFixtures.scene(300, 600).write(dir.resolve("scene.tif"));
        Path out = dir.resolve("classes.tif");
        ClassifyOptions options = ClassifyOptions.DEFAULT.withTile(64).withPadding(4);
        JobSummary summary = WindowJob.classify(LocalCluster.session(), ecd, scene.toString(), out, JobSettings.of(options), 1,
                false, false, JobProgress.SILENT);
        assertEquals(3, summary.outcomes().size(), summary.describe());

        SparkSession sedona = SedonaContext.create(LocalCluster.session().spark());
        List<Row> rows = sedona.read().format("binaryFile").load(out.toString())
                .selectExpr("RS_FromGeoTiff(content) AS r")
                .selectExpr("RS_Width(r)", "RS_Height(r)", "RS_SRID(r)", "RS_UpperLeftX(r)", "RS_UpperLeftY(r)",
                        "RS_ScaleX(r)", "RS_ScaleY(r)", "RS_NumBands(r)", "RS_BandAsArray(r, 1)")
                .collectAsList();
        Row row = rows.get(0);
        assertEquals(300, row.getInt(0));
        assertEquals(600, row.getInt(1));
        assertEquals(32611, row.getInt(2));
        assertEquals(500000.0, row.getDouble(3), 1e-9);
        assertEquals(4100000.0, row.getDouble(4), 1e-9);
        assertEquals(0.6, row.getDouble(5), 1e-12);
        assertEquals(-0.6, row.getDouble(6), 1e-12);
        assertEquals(1, row.getInt(7));
        List<Double> pixels = row.getList(8);
        assertEquals(300 * 600, pixels.size());
        try (GeoTiffSource mine = GeoTiffSource.open(out)) {
            float[] values = new float[300 * 600];
            mine.read(mine.bounds(), new int[] {0}, values);
            for (int y = 0; y < 600; y++) {
                for (int x = 0; x < 300; x++) {
                    int i = y * 300 + x;
                    assertEquals(ClassifyFixtures.thresholdClass(x, y), pixels.get(i).intValue(), "Sedona at (" + x + ", " + y + ")");
                    assertEquals(values[i], pixels.get(i).floatValue(), "ecdkit's reader at (" + x + ", " + y + ")");
                }
            }
        }
        // GDAL, the reader every GIS user trusts: the same pixels, the COG layout, the palette and the attribute table.
        float[] gdal = Gdal.values(out);
        for (int i = 0; i < gdal.length; i++) {
            assertEquals(pixels.get(i).floatValue(), gdal[i], "GDAL at (" + i % 300 + ", " + i / 300 + ")");
        }
        String info = Gdal.run("gdalinfo", out.toString());
        assertTrue(info.contains("EPSG\",32611") && info.contains("Color Table") && info.contains("Impervious"), info);
        String cog = Gdal.validateCog(out);
        assertTrue(cog.contains("is a valid cloud optimized GeoTIFF"), cog);
        Files.deleteIfExists(out);
    }
}
