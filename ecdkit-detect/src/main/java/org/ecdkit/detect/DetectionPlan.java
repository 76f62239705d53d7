package org.ecdkit.detect;

import java.nio.file.Path;
import org.ecdkit.inference.TileCount;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.detect.output.FeatureFormat;
import org.ecdkit.runtime.RunnerDescription;

/**
 * What a detection will do, decided before any tile is read.
 *
 * @param input        the raster, as the user named it (a path or a URL)
 * @param inputSummary its size, bands, layout and CRS
 * @param bandChoice   which bands are fed
 * @param definition   the definition file
 * @param model        the model
 * @param runner       runtime and device
 * @param outputs      the detector's outputs and their convention
 * @param tileWidth    model tile columns
 * @param tileHeight   model tile rows
 * @param overlap      pixels by which neighbouring tiles overlap
 * @param batch        tiles per run call
 * @param tiles        tiles in the grid
 * @param knownEmpty   tiles known to be entirely nodata from the file's directory alone, never read;
 *                     others are found empty as they are read (-1: the input has no nodata)
 * @param threshold    the lowest confidence kept
 * @param nmsOverlap   the IoU above which a weaker box of the same class is dropped
 * @param format       how the features are written
 * @param classes      the definition's class count
 */
public record DetectionPlan(String input, String inputSummary, String bandChoice, Path definition, Path model,
        RunnerDescription runner, DetectionOutputs outputs, int tileWidth, int tileHeight, int overlap, int batch,
        int tiles, int knownEmpty, double threshold, double nmsOverlap, FeatureFormat format, int classes) {

    /** The most run calls the model will get: fewer when tiles turn out entirely nodata. */
    public int calls() {
        return new TileCount(tiles, knownEmpty, batch).calls();
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Detecting objects in ").append(input).append(" (").append(inputSummary).append(") with ")
                .append(definition).append(" (model ").append(model.getFileName()).append(", ")
                .append(outputs.convention().id()).append(" outputs) on ").append(runner).append(". Bands: ")
                .append(bandChoice).append(". Tiles of ").append(tileWidth).append(" x ").append(tileHeight)
                .append(" pixels overlapping by ").append(overlap).append(" (objects up to ").append(overlap)
                .append(" pixels are seen whole by some tile), ").append(new TileCount(tiles, knownEmpty, batch).describe());
        text.append(". Boxes scoring at least ").append(threshold).append(" are kept; of boxes of one class "
                        + "overlapping by more than ").append(nmsOverlap).append(" (IoU), the strongest. Output: ")
                .append(format.title()).append(outputs.masks().isPresent() ? " polygons outlining each object's mask "
                        + "(pixels of probability 0.5 or more)." : " polygons.");
        text.append(" The detector's ").append(outputs.describeLabels(classes)).append(" are the definition's classes.");
        return text.toString();
    }
}
