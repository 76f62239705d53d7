package org.ecdkit.format.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Framework;

/**
 * One definition of an Esri classifier definition file: a deep-learning model with its classes
 * (what ecdkit writes and runs), or a statistical classifier written by ArcGIS (read, reported,
 * not run).
 *
 * @param classifier    the {@code Classifier} as written ("ONNX", "TensorFlow", "MaximumLikelihood")
 * @param numberBands   bands the classifier consumes
 * @param miniBatchSize tiles per inference call, for deep-learning definitions
 * @param classes       the classes, in model output order
 * @param model         the model, for deep-learning definitions
 * @param settings      tiling and input settings (ExtractBands, ImageHeight, ...)
 * @param extras        every other key, verbatim, in file order
 */
public record ClassifierDefinition(String classifier, int numberBands, OptionalInt miniBatchSize,
        List<ClassEntry> classes, Optional<ModelReference> model, InferenceSettings settings,
        Map<String, JsonValue> extras) {

    public ClassifierDefinition {
        classes = List.copyOf(classes);
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public int numberClasses() {
        return classes.size();
    }

    /** The framework when this is a deep-learning definition. */
    public Optional<Framework> framework() {
        return Framework.parse(classifier);
    }

    public boolean isDeepLearning() {
        return model.isPresent();
    }
}
