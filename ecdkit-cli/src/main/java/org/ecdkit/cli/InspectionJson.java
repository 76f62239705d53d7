package org.ecdkit.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.DetectionOutputs;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.format.definition.ClassListJson;
import org.ecdkit.format.definition.DetectionOutputsJson;
import org.ecdkit.format.ecd.SignatureJson;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.model.Inspection;

/** {@code inspect --json}: the signature as definitions record it, with the files and findings. */
final class InspectionJson {

    private InspectionJson() {
    }

    static JsonObject write(String model, Inspection inspection, Optional<ModelDescription> description) {
        JsonObject signature = SignatureJson.write(inspection.signature());
        Optional<TensorSpec> image = inspection.signature().soleImageInput();
        List<JsonValue> kinds = inspection.signature().outputs().stream()
                .map(t -> (JsonValue) JsonObject.builder().put("Name", t.name())
                        .put("OutputKind", image.map(i -> OutputKind.of(t, i)).orElse(OutputKind.of(t)).jsonName())
                        .put("Channels", t.channels()).build())
                .toList();
        List<JsonValue> bands = inspection.signature().inputs().stream()
                .map(t -> (JsonValue) JsonObject.builder().put("Name", t.name()).put("Bands", bandCount(t)).build())
                .toList();
        return JsonObject.builder()
                .put("File", model)
                .put("Format", inspection.signature().format().id())
                .put("Description", inspection.signature().format().description())
                .put("Framework", inspection.signature().format().framework().canonicalName())
                .put("Files", JsonArray.ofStrings(inspection.files()))
                .put("Bytes", inspection.totalBytes())
                .putAll(signature.members())
                .put("InputBands", JsonArray.of(bands))
                .put("OutputKinds", JsonArray.of(kinds))
                // The class info's key, as convert would write it for this model: a detector's convention and labels.
                .putAll(DetectionOutputs.find(inspection.signature())
                        .map(d -> Map.of(DetectionOutputsJson.KEY, (JsonValue) DetectionOutputsJson.write(d))).orElse(Map.of()))
                .put("Findings", JsonArray.ofStrings(inspection.findings().stream().map(Object::toString).toList()))
                .putAll(description.map(d -> Map.of("DescribedBy", (JsonValue) JsonObject.builder()
                        .put("File", d.file().toString())
                        .put("Format", d.format().description())
                        .put("Classes", ClassListJson.write(d.classInfo().classes()))
                        .build())).orElse(Map.of()))
                .build();
    }

    private static long bandCount(TensorSpec input) {
        return input.layout().layout().channelAxis().isEmpty() && input.layout().layout().heightAxis().isPresent()
                ? 1 : input.channels();
    }
}
