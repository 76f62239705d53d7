package org.ecdkit.interop.emd;

import java.util.List;
import java.util.Set;

/**
 * The keys of Esri's model definition that ecdkit maps to a definition's own fields. Every other key
 * (ModelConfiguration, InferenceFunction, ModelName, Version, and those ArcGIS's Python API adds,
 * such as NormalizationStats) is kept verbatim and written back.
 */
final class EmdKeys {

    static final String FRAMEWORK = "Framework";
    static final String MODEL_FILE = "ModelFile";
    static final String MODEL_TYPE = "ModelType";
    static final String BATCH_SIZE = "BatchSize";
    static final String CLASSES = "Classes";
    static final String MODEL_NAME = "ModelName";

    /** Mapped keys (besides the inference settings, which InferenceSettingsJson reads). */
    static final Set<String> MAPPED = Set.of(FRAMEWORK, MODEL_FILE, BATCH_SIZE, CLASSES);

    /** The order ArcGIS's samples write keys in; others follow in their own order. */
    static final List<String> ORDER = List.of(FRAMEWORK, "ModelConfiguration", MODEL_FILE, MODEL_TYPE,
            "InferenceFunction", "ImageHeight", "ImageWidth", "ExtractBands", "DataRange", BATCH_SIZE,
            "ModelPadding", CLASSES, MODEL_NAME, "Version");

    private EmdKeys() {
    }
}
