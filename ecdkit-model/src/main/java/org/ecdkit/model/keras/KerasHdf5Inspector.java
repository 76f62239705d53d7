package org.ecdkit.model.keras;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspector;
import org.ecdkit.model.ModelSource;
import org.ecdkit.model.Recognition;
import org.ecdkit.model.hdf5.Hdf5Attribute;
import org.ecdkit.model.hdf5.Hdf5File;

/**
 * Inspects Keras models saved in HDF5 ({@code model.save("model.h5")}, Keras 1 to 3): the root
 * group's {@code model_config} attribute holds the architecture as JSON, {@code keras_version} and
 * {@code backend} the writer. The weights, in the model_weights group, are never read.
 */
public final class KerasHdf5Inspector implements ModelInspector {

    @Override
    public ModelFormat format() {
        return ModelFormat.KERAS_HDF5;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("h5", "hdf5");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        return !source.directory() && Hdf5File.hasSignature(source.head()) ? Recognition.byMagic("HDF5 signature")
                : Recognition.NONE;
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        Path file = source.path();
        Hdf5File hdf5 = Hdf5File.read(file);
        Map<String, Hdf5Attribute> attributes = hdf5.rootAttributes();
        Hdf5Attribute config = attributes.get("model_config");
        if (config == null) {
            if (hdf5.denseAttributes()) {
                throw new UnsupportedInputException(Place.of(file), "an HDF5 file whose root attributes are in dense "
                        + "storage (written for the HDF5 1.8 format with libver=\"latest\"), which ecdkit does not read; "
                        + "save the model with h5py's default settings, or as .keras");
            }
            throw new InvalidInputException(Place.in(file, "model_config"), "an HDF5 file without the Keras "
                    + "\"model_config\" attribute: a weights-only file (save_weights) or not a Keras model; "
                    + "save the whole model with model.save(...)");
        }
        String json = config.text().orElseThrow(() -> new InvalidInputException(Place.in(file, "model_config"),
                "expected a string attribute holding JSON, found a " + config.type()));
        Map<String, String> properties = new LinkedHashMap<>();
        text(attributes, "keras_version").ifPresent(v -> properties.put("keras_version", v));
        text(attributes, "backend").ifPresent(v -> properties.put("backend", v));
        return KerasInspection.of(source, ModelFormat.KERAS_HDF5, "HDF5 superblock version " + hdf5.superblockVersion(),
                Path.of(file + "#model_config"), json, properties);
    }

    private static Optional<String> text(Map<String, Hdf5Attribute> attributes, String name) {
        return Optional.ofNullable(attributes.get(name)).flatMap(Hdf5Attribute::text);
    }
}
