package org.ecdkit.format.ecd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.json.JsonWriter;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.InferenceSettingsJson;
import org.ecdkit.format.definition.ModelReference;

/**
 * Writes Esri classifier definition files. The envelope and class form are ArcGIS's
 * ({@code EsriClassifierDefinitionFile}, {@code ClassValue}, {@code Red}...); the model reference
 * and signature keys are ecdkit's, listed in {@code docs/formats.md}. Output is deterministic and
 * written atomically.
 */
public final class EcdWriter {

    private EcdWriter() {
    }

    /** Writes {@code file} to {@code target}, refusing to overwrite any of {@code inputs}. */
    public static void write(ClassifierDefinitionFile file, Path target, Collection<Path> inputs) {
        byte[] bytes = JsonWriter.write(toJson(file)).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(target, inputs, out -> out.write(bytes));
    }

    public static JsonObject toJson(ClassifierDefinitionFile file) {
        List<JsonValue> definitions = new ArrayList<>();
        file.definitions().forEach(d -> definitions.add(definition(d)));
        return JsonObject.builder()
                .put("EsriClassifierDefinitionFile", 0)
                .put("FileVersion", file.fileVersion())
                .put("NumberDefinitions", file.definitions().size())
                .put("Definitions", JsonArray.of(definitions))
                .build();
    }

    private static JsonObject definition(ClassifierDefinition definition) {
        JsonObject.Builder out = JsonObject.builder()
                .put("Classifier", definition.classifier())
                .put("NumberClasses", definition.numberClasses())
                .put("NumberBands", definition.numberBands());
        definition.miniBatchSize().ifPresent(b -> out.put("MiniBatchSize", b));
        out.put("Classes", classes(definition.classes()));
        definition.model().ifPresent(model -> model(model, out));
        InferenceSettingsJson.write(definition.settings(), out);
        definition.extras().forEach((key, value) -> {
            if (!out.contains(key)) {
                out.put(key, value);
            }
        });
        return out.build();
    }

    private static JsonArray classes(List<ClassEntry> classes) {
        List<JsonValue> entries = new ArrayList<>();
        for (ClassEntry entry : classes) {
            entries.add(JsonObject.builder()
                    .put("ClassValue", entry.value())
                    .put("ClassName", entry.name())
                    .put("Red", entry.color().red())
                    .put("Green", entry.color().green())
                    .put("Blue", entry.color().blue())
                    .putAll(entry.extras())
                    .build());
        }
        return JsonArray.of(entries);
    }

    private static void model(ModelReference model, JsonObject.Builder out) {
        out.put("ModelFile", model.modelFile())
                .put("ModelFormat", model.format().id())
                .put("ModelSHA256", model.sha256())
                .put("ModelBytes", model.sizeBytes());
        // A single file is its own list; a folder (a SavedModel, even of one file) lists its files.
        String ownName = java.nio.file.Path.of(model.modelFile().replace('\\', '/')).getFileName().toString();
        if (!model.files().equals(java.util.List.of(ownName))) {
            out.put("ModelFiles", JsonArray.ofStrings(model.files()));
        }
        out.put("ModelInput", model.inputName())
                .put("ModelOutput", model.outputName())
                .put("OutputKind", model.outputKind().jsonName())
                .put("ModelSignature", SignatureJson.write(model.signature()));
    }
}
