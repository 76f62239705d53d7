package org.ecdkit.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.report.Finding;
import org.ecdkit.inference.RunnableDefinition;
import org.ecdkit.inference.fixture.InferenceFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileSettingsTest {

    @TempDir
    Path dir;

    /** The threshold model without ModelPadding, so that the defaults show. */
    private RunnableDefinition threshold() throws Exception {
        return RunnableDefinition.open(InferenceFixtures.withoutModelPadding(InferenceFixtures.thresholdDefinition(dir)), false,
                f -> { });
    }

    @Test
    void theDefinitionsModelPaddingFromTheReceptiveFieldIsThePadding() throws Exception {
        RunnableDefinition definition = RunnableDefinition.open(InferenceFixtures.thresholdDefinition(dir), false, f -> { });
        TileSettings chosen = TileSettings.choose(definition.definition(), definition.input(), 2000, 1500, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), new ArrayList<>());
        assertEquals(0, chosen.padding(), "a 1 x 1 convolution sees one pixel: convert recorded ModelPadding 0");
    }

    @Test
    void aTileNobodyAskedForIsMarkedAsTheDefaultSoItMayShrink() throws Exception {
        RunnableDefinition definition = threshold();
        List<Finding> findings = new ArrayList<>();
        TileSettings chosen = TileSettings.choose(definition.definition(), definition.input(), 2000, 1500, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), findings);
        assertEquals(512, chosen.tileWidth());
        assertEquals(32, chosen.padding(), "a sixteenth of the tile");
        assertEquals(4, chosen.batch(), "MiniBatchSize");
        assertTrue(chosen.defaultTile());
        TileSettings asked = TileSettings.choose(definition.definition(), definition.input(), 2000, 1500, OptionalInt.of(512),
                OptionalInt.empty(), OptionalInt.empty(), findings);
        assertFalse(asked.defaultTile(), "--tile was given");
        TileSettings smaller = TileSettings.choose(definition.definition(), definition.input(), 2000, 1500, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.of(2), 128, findings);
        assertEquals(128, smaller.tileWidth());
        assertEquals(8, smaller.padding());
        assertEquals(2, smaller.batch());
        assertTrue(findings.isEmpty(), findings.toString());
    }

    @Test
    void aTileSmallerThanTheImageIsCutToIt() throws Exception {
        RunnableDefinition definition = threshold();
        TileSettings chosen = TileSettings.choose(definition.definition(), definition.input(), 300, 90, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), new ArrayList<>());
        assertEquals(300, chosen.tileWidth());
        assertEquals(90, chosen.tileHeight());
        assertEquals(18, chosen.padding(), "a sixteenth of the longer side");
    }

    @Test
    void impossibleNumbersAreUsageErrors() throws Exception {
        RunnableDefinition definition = threshold();
        assertThrows(UsageException.class, () -> TileSettings.choose(definition.definition(), definition.input(), 300, 300,
                OptionalInt.of(0), OptionalInt.empty(), OptionalInt.empty(), new ArrayList<>()));
        assertThrows(UsageException.class, () -> TileSettings.choose(definition.definition(), definition.input(), 300, 300,
                OptionalInt.of(64), OptionalInt.of(32), OptionalInt.empty(), new ArrayList<>()));
        assertThrows(UsageException.class, () -> TileSettings.choose(definition.definition(), definition.input(), 300, 300,
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(0), new ArrayList<>()));
    }

    @Test
    void aBatchTheModelFixesCannotBeChanged() {
        TileSettings fixed = new TileSettings(256, 256, 256, 256, 8, 16, true, false);
        assertThrows(IllegalStateException.class, () -> fixed.withBatch(4));
        assertEquals(16, fixed.withBatch(16).batch());
    }
}
