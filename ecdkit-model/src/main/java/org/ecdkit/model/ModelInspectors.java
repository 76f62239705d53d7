package org.ecdkit.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.model.ModelFormat;

/**
 * The model inspectors on the class path, and format detection among them: every inspector rates
 * the path, the strongest recognition wins, and a file extension only breaks ties.
 *
 * <pre>{@code
 * Inspection inspection = ModelInspectors.standard().inspect(Path.of("model.onnx"), InspectOptions.DEFAULT);
 * }</pre>
 */
public final class ModelInspectors {

    private final List<ModelInspector> inspectors;

    public ModelInspectors(List<ModelInspector> inspectors) {
        this.inspectors = List.copyOf(inspectors);
    }

    /** The inspectors registered through {@code META-INF/services}. */
    public static ModelInspectors standard() {
        List<ModelInspector> found = new ArrayList<>();
        ServiceLoader.load(ModelInspector.class, ModelInspectors.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(i -> i.format().ordinal()));
        return new ModelInspectors(found);
    }

    public List<ModelFormat> formats() {
        return inspectors.stream().map(ModelInspector::format).toList();
    }

    /** The inspector for the model at {@code path}, chosen by content. */
    public ModelInspector detect(ModelSource source) {
        if (!source.directory() && source.size() == 0) {
            throw new InvalidInputException(Place.of(source.path()), "the file is empty (0 bytes); expected a model");
        }
        ModelInspector best = null;
        Recognition bestRecognition = Recognition.NONE;
        boolean bestByExtension = false;
        for (ModelInspector inspector : inspectors) {
            Recognition recognition = inspector.recognise(source);
            boolean byExtension = inspector.extensions().contains(source.extension());
            boolean stronger = recognition.strength() > bestRecognition.strength()
                    || recognition.strength() == bestRecognition.strength() && recognition.recognised()
                    && byExtension && !bestByExtension;
            if (stronger) {
                best = inspector;
                bestRecognition = recognition;
                bestByExtension = byExtension;
            }
        }
        if (best == null) {
            throw new InvalidInputException(Place.of(source.path()), (source.directory() ? "a folder" : "a file")
                    + " that is not a model ecdkit knows; it reads " + knownFormats());
        }
        return best;
    }

    public Inspection inspect(Path path, InspectOptions options) {
        ModelSource source = ModelSource.open(path);
        return detect(source).inspect(source, options);
    }

    /** "ONNX model (.onnx), TensorFlow SavedModel (...), ...", for messages. */
    public String knownFormats() {
        return inspectors.stream()
                .map(i -> i.format().description() + describeExtensions(i))
                .collect(Collectors.joining(", "));
    }

    private static String describeExtensions(ModelInspector inspector) {
        if (inspector.extensions().isEmpty()) {
            return "";
        }
        return inspector.extensions().stream().sorted().map(e -> "." + e).collect(Collectors.joining(", ", " (", ")"));
    }
}
