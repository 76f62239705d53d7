package org.ecdkit.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.core.json.JsonString;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.format.definition.ClassifierDefinitionFile;
import org.ecdkit.format.definition.DataRange;
import org.ecdkit.format.definition.InferenceSettings;
import org.ecdkit.format.definition.ModelReference;
import org.ecdkit.format.definition.Rgb;
import org.ecdkit.format.ecd.EcdWriter;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.ModelFixtures;

/**
 * Definitions written the way the converter writes them (inspection, digest, model reference) for
 * a fixture model, without the converter, which depends on this module.
 */
final class TestDefinitions {

    static final List<ClassEntry> CLASSES = List.of(
            new ClassEntry(1, "Water", new Rgb(0, 0, 255), Map.of()),
            new ClassEntry(2, " Other (Pervious)", new Rgb(56, 168, 0), Map.of()),
            new ClassEntry(3, "Trees", new Rgb(0, 100, 0), Map.of()),
            new ClassEntry(4, "Roofs", new Rgb(200, 30, 30), Map.of()),
            new ClassEntry(5, "Roads", new Rgb(90, 90, 90), Map.of()));

    static final InferenceSettings SETTINGS = new InferenceSettings(List.of(), OptionalInt.of(256), OptionalInt.of(256),
            OptionalInt.of(16), Optional.of(new DataRange(0, 1)), Optional.of("ImageClassification"));

    static final Map<String, JsonValue> EXTRAS = extras();

    private static Map<String, JsonValue> extras() {
        Map<String, JsonValue> extras = new java.util.LinkedHashMap<>();
        extras.put("ModelName", JsonString.of("Land cover"));
        extras.put("ModelConfiguration", JsonString.of("UNet"));
        return java.util.Collections.unmodifiableMap(extras);
    }

    private TestDefinitions() {
    }

    /** The fixture segmenter of {@code format} in {@code folder}, and {@code folder}/model.ecd for it. */
    static Path write(ModelFormat format, Path folder) throws Exception {
        return write(ModelFixtures.segmenter(format, folder), folder.resolve("model.ecd"), CLASSES, SETTINGS, EXTRAS);
    }

    static Path write(Path model, Path ecd, List<ClassEntry> classes, InferenceSettings settings,
            Map<String, JsonValue> extras) {
        Inspection inspection = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
        TensorSpec input = inspection.signature().inputs().get(0);
        TensorSpec output = inspection.signature().outputs().get(0);
        Path base = inspection.base();
        ModelReference reference = new ModelReference(ecd.getParent().relativize(model).toString(),
                inspection.signature().format(), Sha256.ofFiles(base, inspection.files().stream().map(Path::of).toList()),
                inspection.totalBytes(), inspection.files(), input.name(), output.name(), OutputKind.of(output),
                inspection.signature());
        ClassifierDefinition definition = new ClassifierDefinition(inspection.signature().format().framework().canonicalName(),
                ModelFixtures.BANDS, OptionalInt.of(8), classes, Optional.of(reference), settings, extras);
        EcdWriter.write(ClassifierDefinitionFile.of(definition), ecd, List.of(model));
        return ecd;
    }

    static byte[] bytes(Path file) throws Exception {
        return Files.readAllBytes(file);
    }
}
