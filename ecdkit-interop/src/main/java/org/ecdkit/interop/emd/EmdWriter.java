package org.ecdkit.interop.emd;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.ClassListJson;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.InferenceSettingsJson;

/**
 * Writes a definition as an Esri model definition (.emd): every field has an EMD key, so nothing is
 * lost but the model reference's digest and signature, which the model itself gives back when the
 * .emd is converted again. {@code ExtractBands} is written even when the definition takes the first
 * bands in order, so the band count travels; {@code ModelType} is written (ArcGIS requires it),
 * "ImageClassification" when the definition has none.
 *
 * @param json     the .emd
 * @param findings what was added or could not be written
 */
public record EmdWriter(JsonObject json, List<Finding> findings) {

    public static final String DEFAULT_MODEL_TYPE = "ImageClassification";

    /** The .emd of {@code definition}, whose model is at {@code modelFile} (relative to the .emd, '/'-separated). */
    public static EmdWriter of(ClassifierDefinition definition, String modelFile) {
        List<Finding> findings = new ArrayList<>();
        InferenceSettings settings = definition.settings();
        if (settings.extractBands().isEmpty()) {
            settings = new InferenceSettings(IntStream.range(0, definition.numberBands()).mapToObj(BandSelector::index).toList(),
                    settings.imageHeight(), settings.imageWidth(), settings.modelPadding(), settings.dataRange(),
                    settings.modelType());
            findings.add(Finding.note("extract-bands", "ExtractBands " + settings.extractBands() + " written, the first "
                    + definition.numberBands() + " bands, so that the .emd carries the band count"));
        }
        if (settings.modelType().isEmpty()) {
            settings = settings.withModelType(DEFAULT_MODEL_TYPE);
            findings.add(Finding.note("model-type", "ModelType " + DEFAULT_MODEL_TYPE + " written: ArcGIS requires one "
                    + "and the definition had none"));
        }
        JsonObject.Builder mapped = JsonObject.builder()
                .put(EmdKeys.FRAMEWORK, definition.classifier())
                .put(EmdKeys.MODEL_FILE, modelFile);
        InferenceSettingsJson.write(settings, mapped);
        definition.miniBatchSize().ifPresent(b -> mapped.put(EmdKeys.BATCH_SIZE, b));
        mapped.put(EmdKeys.CLASSES, ClassListJson.write(definition.classes()));
        JsonObject values = mapped.putAll(definition.extras()).build();
        // ArcGIS's samples' key order first, then the rest as they came.
        JsonObject.Builder ordered = JsonObject.builder();
        for (String key : EmdKeys.ORDER) {
            values.get(key).ifPresent(v -> ordered.put(key, v));
        }
        values.members().forEach((key, value) -> {
            if (!ordered.contains(key)) {
                ordered.put(key, value);
            }
        });
        return new EmdWriter(ordered.build(), findings);
    }
}
