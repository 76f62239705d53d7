package org.ecdkit.format.definition;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How imagery is fed to a model, in the terms of Esri's model definition (.emd): which bands, what
 * tile size, how much of each tile's border the model's output discards, and what value range it
 * expects. Every part is optional; absent parts are taken from the model or from options.
 *
 * @param extractBands {@code ExtractBands}: bands to feed, in order (empty: the first N bands)
 * @param imageHeight  {@code ImageHeight}: tile rows the model expects
 * @param imageWidth   {@code ImageWidth}: tile columns the model expects
 * @param modelPadding {@code ModelPadding}: pixels at each tile edge whose output is discarded
 * @param dataRange    {@code DataRange}: the input range the model expects
 * @param modelType    {@code ModelType}: "ImageClassification", "ObjectDetection", ...
 */
public record InferenceSettings(List<BandSelector> extractBands, OptionalInt imageHeight, OptionalInt imageWidth,
        OptionalInt modelPadding, Optional<DataRange> dataRange, Optional<String> modelType) {

    public static final InferenceSettings NONE = new InferenceSettings(List.of(), OptionalInt.empty(),
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());

    public InferenceSettings {
        extractBands = List.copyOf(extractBands);
    }

    public InferenceSettings withTileSize(int height, int width) {
        return new InferenceSettings(extractBands, OptionalInt.of(height), OptionalInt.of(width), modelPadding,
                dataRange, modelType);
    }

    public InferenceSettings withModelPadding(int pixels) {
        return new InferenceSettings(extractBands, imageHeight, imageWidth, OptionalInt.of(pixels), dataRange, modelType);
    }

    public InferenceSettings withModelType(String type) {
        return new InferenceSettings(extractBands, imageHeight, imageWidth, modelPadding, dataRange, Optional.of(type));
    }
}
