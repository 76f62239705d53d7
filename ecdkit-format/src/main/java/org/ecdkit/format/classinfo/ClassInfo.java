package org.ecdkit.format.classinfo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.model.Framework;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.InferenceSettings;

/**
 * The class-info file ("Esri extra info"): what a model file lacks to become a classifier
 * definition. See {@code docs/formats.md}, section 1.
 *
 * @param file              the file it was read from, for messages
 * @param classifier        {@code Classifier}: the framework the user says produced the model
 * @param numberRasterBands {@code NumberRasterBands}: bands the model consumes; 0 when the file does
 *                          not say (an Esri model definition without ExtractBands) and the model must
 * @param miniBatchSize     {@code MiniBatchSize}: tiles per inference call
 * @param classes           {@code Classes}, in model output order
 * @param settings          the Esri model-definition keys the file also gave
 * @param extras            keys ecdkit does not interpret, verbatim, to pass through
 * @param places            where each top-level key was read, for messages
 */
public record ClassInfo(Path file, Optional<Framework> classifier, int numberRasterBands, int miniBatchSize,
        List<ClassEntry> classes, InferenceSettings settings, Map<String, JsonValue> extras,
        Map<String, Place> places) {

    public ClassInfo {
        classes = List.copyOf(classes);
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        places = Collections.unmodifiableMap(new LinkedHashMap<>(places));
    }

    /** The same, with the band count the model fixes, for a file that did not give one. */
    public ClassInfo withBands(int bands) {
        return new ClassInfo(file, classifier, bands, miniBatchSize, classes, settings, extras, places);
    }

    /** The same, with other inference settings. */
    public ClassInfo withSettings(InferenceSettings newSettings) {
        return new ClassInfo(file, classifier, numberRasterBands, miniBatchSize, classes, newSettings, extras, places);
    }

    /** The same, with {@code key} set to {@code value} among the keys passed through to the definition. */
    public ClassInfo withExtra(String key, JsonValue value) {
        Map<String, JsonValue> more = new LinkedHashMap<>(extras);
        more.put(key, value);
        return new ClassInfo(file, classifier, numberRasterBands, miniBatchSize, classes, settings, more, places);
    }

    /** Where {@code key} was read, or the file itself when the key was absent or derived. */
    public Place placeOf(String key) {
        return places.getOrDefault(key, Place.of(file));
    }
}
