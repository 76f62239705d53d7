package org.ecdkit.classify;

import java.nio.file.Path;
import org.ecdkit.inference.TileCount;
import java.util.OptionalLong;
import org.ecdkit.raster.SampleType;
import org.ecdkit.runtime.RunnerDescription;

/**
 * What a classification will do, decided before any tile is read, so a user can stop it early.
 *
 * @param input         the raster to classify, as the user named it (a path or a URL)
 * @param inputSummary  "8000 x 8000, 3 bands of Byte (tiled 256 x 256, Deflate, pixel-interleaved), EPSG:32611"
 * @param bandChoice    which bands are fed, and why
 * @param scaling       how input values are scaled, or empty
 * @param definition    the definition file
 * @param model         the model file
 * @param runner        runtime and device
 * @param tileWidth     model tile columns
 * @param tileHeight    model tile rows
 * @param padding       context pixels each side (crop) or half the overlap (blend)
 * @param merge         crop or blend
 * @param batch         tiles per run call
 * @param tiles         tiles in the grid
 * @param knownEmpty    tiles known to be entirely nodata from the file's directory alone (sparse
 *                      blocks), never read; others are found empty as they are read (-1: the input
 *                      has no nodata)
 * @param outputType    the classified raster's type
 * @param nodata        its nodata value, if any
 * @param calibration   how the tile and batch were calibrated, or empty where they were not
 */
public record ClassificationPlan(String input, String inputSummary, String bandChoice, String scaling, Path definition,
        Path model, RunnerDescription runner, int tileWidth, int tileHeight, int padding, MergeMode merge, int batch,
        int tiles, int knownEmpty, SampleType outputType, OptionalLong nodata, String calibration) {

    /** The most run calls the model will get: fewer when tiles turn out entirely nodata. */
    public int calls() {
        return new TileCount(tiles, knownEmpty, batch).calls();
    }

    /** One paragraph for people. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Classifying ").append(input).append(" (").append(inputSummary).append(") with ")
                .append(definition).append(" (model ").append(model.getFileName()).append(") on ").append(runner).append(". ");
        text.append("Bands: ").append(bandChoice);
        if (!scaling.isEmpty()) {
            text.append(", ").append(scaling);
        }
        text.append(". Tiles of ").append(tileWidth).append(" x ").append(tileHeight).append(" pixels, ");
        if (merge == MergeMode.CROP) {
            text.append(padding).append(" pixels of padding (cores of ").append(tileWidth - 2 * padding).append(" x ")
                    .append(tileHeight - 2 * padding).append("), ");
        } else {
            text.append("overlapping by ").append(2 * padding).append(" pixels and blended, ");
        }
        text.append(new TileCount(tiles, knownEmpty, batch).describe());
        if (!calibration.isEmpty()) {
            text.append("; tile and batch calibrated: ").append(calibration);
        }
        text.append(". ");
        text.append("Output: ").append(outputType.gdalName()).append(" palette GeoTIFF, tiled and Deflate-compressed");
        nodata.ifPresent(value -> text.append(", nodata ").append(value));
        text.append('.');
        return text.toString();
    }
}
