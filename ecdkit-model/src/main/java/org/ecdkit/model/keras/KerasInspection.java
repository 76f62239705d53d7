package org.ecdkit.model.keras;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocument;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonLimits;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelSource;

/**
 * Turns a Keras model config, wherever it was stored, into an inspection: the part the HDF5 and
 * the .keras readers share.
 */
final class KerasInspection {

    /** Model configs of very large models run to megabytes; deep nesting comes from nested models. */
    static final JsonLimits CONFIG_LIMITS = new JsonLimits(64L << 20, 256, 16 << 20, 100, 20_000_000);

    private KerasInspection() {
    }

    /**
     * @param configName where the JSON came from, as messages name it ("model.h5#model_config")
     * @param properties what the file says about its writer (keras_version, backend), in order
     */
    static Inspection of(ModelSource source, ModelFormat format, String formatVersion, Path configName, String json,
            Map<String, String> properties) {
        JsonDocument document = new JsonDocumentReader(CONFIG_LIMITS).parse(configName, json.getBytes(StandardCharsets.UTF_8));
        JsonCursor root = JsonCursor.root(configName, document.root());
        KerasModelConfig config = KerasModelConfig.read(root);
        List<TensorSpec> inputs = config.inputs();
        List<TensorSpec> outputs = config.outputs();
        if (!config.describesLayers() && inputs.stream().noneMatch(t -> t.shape().rankKnown())) {
            throw new UnsupportedInputException(Place.of(source.path()), "a subclassed Keras model (class \""
                    + config.className() + "\") whose config does not describe its layers; ecdkit needs a Sequential "
                    + "or functional model, or the model exported to ONNX or a SavedModel");
        }
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("model_class", config.className());
        if (!config.name().isEmpty()) {
            all.put("model_name", config.name());
        }
        String producer = properties.containsKey("keras_version") ? "Keras " + properties.get("keras_version") : "Keras";
        if (properties.containsKey("backend")) {
            producer += " (" + properties.get("backend") + ")";
        }
        List<String> notes = new ArrayList<>();
        notes.add(config.className() + " model" + (config.name().isEmpty() ? "" : " \"" + config.name() + "\"") + " of "
                + config.layerCount() + " layers; Keras records input shapes, not output shapes: outputs are traced "
                + "back to the layer that sets their channels");
        List<Finding> findings = new ArrayList<>();
        for (TensorSpec output : outputs) {
            if (output.channels() < 0) {
                findings.add(Finding.note("output-shape", source.path() + ": output \"" + output.name() + "\" does not "
                        + "trace back to a convolution or dense layer ecdkit can read; the class count cannot be checked"));
            }
        }
        document.findings().forEach(findings::add);
        ModelSignature signature = new ModelSignature(format, formatVersion, producer, inputs, outputs, all, notes);
        return new Inspection(signature, source.path(), source.base(), List.of(source.fileName()), findings);
    }
}
