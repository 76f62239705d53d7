package org.ecdkit.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;

/**
 * A model file given where a classifier definition belongs ({@code classify model.onnx scene.tif
 * ...}): the likeliest reason a definition fails to read as JSON, and one a JSON error ("not valid
 * UTF-8 at byte 22") hides.
 */
public final class MisplacedModel {

    private MisplacedModel() {
    }

    /**
     * The error to report when {@code file}, expected to be a classifier definition, could not be
     * read: one naming the model format when the file is a model, else {@code failure} itself.
     */
    public static InvalidInputException explain(Path file, InvalidInputException failure) {
        if (!Files.isRegularFile(file)) {
            return failure;
        }
        ModelInspector inspector;
        try {
            inspector = ModelInspectors.standard().detect(ModelSource.open(file));
        } catch (EcdkitException notAModel) {
            return failure;
        }
        return new InvalidInputException(Place.of(file), "this is " + inspector.format().withArticle() + ", not a "
                + "classifier definition (.ecd); make one first: ecdkit convert " + file.getFileName() + " CLASS_INFO_JSON OUT.ecd",
                failure);
    }
}
