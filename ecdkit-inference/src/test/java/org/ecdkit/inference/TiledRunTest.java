package org.ecdkit.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.ResourceException;
import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.fixture.InferenceFixtures;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiledRunTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    /** Two class scores per pixel out, and a consumer holding {@code heap} bytes besides. */
    private RunnableDefinition definition() throws Exception {
        return RunnableDefinition.open(InferenceFixtures.thresholdDefinition(dir), false, f -> { });
    }

    @Test
    void aBatchLargerThanTheGridShrinksToItSilently() throws Exception {
        Path scene = InferenceFixtures.scene(600, 400).write(dir.resolve("scene.tif"));
        List<Finding> findings = new ArrayList<>();
        try (RasterSource source = RasterSources.open(scene)) {
            TiledRun run = TiledRun.prepare(definition(), source, TiledOptions.DEFAULT.withBatch(16), TiledRun.Grid.CROPPED,
                    InferenceFixtures.twoScoresNeeds(0), findings::add, 8 * GIB, 8 * GIB);
            assertEquals(2, run.grid().count(), "600 x 400 in cores of 512 (ModelPadding 0), 400 rows in one");
            assertEquals(2, run.tiles().batch());
            assertTrue(findings.isEmpty(), findings.toString());
        }
    }

    @Test
    void aRunThatDoesNotFitTheHeapLowersItsBatchThenItsDefaultTileAndSaysSo() throws Exception {
        Path scene = InferenceFixtures.scene(4000, 3000).write(dir.resolve("scene.tif"));
        List<Finding> findings = new ArrayList<>();
        try (RasterSource source = RasterSources.open(scene)) {
            // A batch of 16 tiles of 512: 4 x 64 MiB of input tensors, 4 x 32 MiB of outputs.
            TiledRun roomy = TiledRun.prepare(definition(), source, TiledOptions.DEFAULT.withBatch(16), TiledRun.Grid.CROPPED,
                    InferenceFixtures.twoScoresNeeds(0), findings::add, 8 * GIB, 8 * GIB);
            assertEquals(16, roomy.tiles().batch());
            // Four input batches, and the one output buffer the runtime writes into.
            assertEquals(4 * 16 * 4 * 512 * 512 * 4L + 16 * 2 * 512 * 512 * 4L, roomy.budget().directBytes(),
                    roomy.budget().describe());

            TiledRun tight = TiledRun.prepare(definition(), source, TiledOptions.DEFAULT.withBatch(16), TiledRun.Grid.CROPPED,
                    InferenceFixtures.twoScoresNeeds(0), findings::add, 200 * MIB, 80 * MIB);
            assertEquals(4, tight.tiles().batch(), "64 MiB of input tensors fit 80 MiB of direct memory");
            assertEquals(512, tight.tiles().tileWidth());
            assertTrue(tight.budget().fits(200 * MIB, 80 * MIB));
            assertEquals(1, findings.size());
            assertEquals("memory", findings.get(0).code());
            assertTrue(findings.get(0).message().contains("the batch from 16 to 4 tiles"), findings.get(0).message());

            findings.clear();
            TiledRun tiny = TiledRun.prepare(definition(), source, TiledOptions.DEFAULT, TiledRun.Grid.CROPPED,
                    InferenceFixtures.twoScoresNeeds(0), findings::add, 256 * MIB, 5 * MIB);
            assertEquals(1, tiny.tiles().batch());
            assertEquals(256, tiny.tiles().tileWidth(), "a 512 tile of 4 bands is 4 MiB: four need 16 MiB, at 256 4.5 MiB");
            assertTrue(findings.get(0).message().contains("the tile was lowered from 512 x 512 to 256 x 256 pixels"),
                    findings.get(0).message());
        }
    }

    @Test
    void aRunThatCannotFitIsRefusedWithWhatItNeedsBeforeAnyAllocation() throws Exception {
        Path scene = InferenceFixtures.scene(600, 400).write(dir.resolve("scene.tif"));
        try (RasterSource source = RasterSources.open(scene)) {
            // What the blend buffer of a 40,000-pixel-wide scene with 20 classes costs: about 3.3 GB.
            long blendBuffer = (2L * 512 + 1) * 40_000 * (20 * 4 + 4 + 1);
            ResourceException e = assertThrows(ResourceException.class, () -> TiledRun.prepare(definition(), source,
                    TiledOptions.DEFAULT.withTile(512), TiledRun.Grid.BLENDED, InferenceFixtures.twoScoresNeeds(blendBuffer), f -> { }, GIB, GIB));
            assertEquals(ExitCode.RESOURCES, e.exitCode());
            assertTrue(e.getMessage().startsWith("this run needs 3,"), e.getMessage());
            assertTrue(e.getMessage().contains("merge 3,324 MiB") && e.getMessage().contains("--merge crop needs no blending buffer")
                    && e.getMessage().contains("ECDKIT_JAVA_OPTS=-Xmx8g"), e.getMessage());
        }
    }

    @Test
    void moreThreadsThanCoresAreCappedWithAWarning() {
        List<Finding> findings = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, TiledRun.threads(TiledOptions.DEFAULT.withThreads(10_000), findings::add));
        assertEquals("threads", findings.get(0).code());
        assertTrue(findings.get(0).message().startsWith("--threads 10000 is more than the " + cores), findings.get(0).message());
        assertEquals(1, TiledRun.threads(TiledOptions.DEFAULT.withThreads(1), findings::add));
        assertEquals(cores, TiledRun.threads(TiledOptions.DEFAULT, findings::add));
        assertEquals(1, findings.size());
    }
}
