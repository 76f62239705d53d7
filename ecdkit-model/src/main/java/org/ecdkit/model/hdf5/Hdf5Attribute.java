package org.ecdkit.model.hdf5;

import java.util.List;
import java.util.Optional;

/**
 * An attribute of an HDF5 object. ecdkit reads the values of string attributes (fixed-length or
 * variable-length, one element or an array, such as Keras's {@code weight_names}); others are
 * described, not read.
 *
 * @param name the attribute's name
 * @param text the value, when it is a single string
 * @param type what the value is, for messages ("variable-length UTF-8 string", "8-byte integer array of 3")
 * @param texts every string of a string attribute, one for a single string; empty for other types
 */
public record Hdf5Attribute(String name, Optional<String> text, String type, List<String> texts) {

    public Hdf5Attribute {
        texts = List.copyOf(texts);
    }

    public Hdf5Attribute(String name, Optional<String> text, String type) {
        this(name, text, type, text.map(List::of).orElse(List.of()));
    }
}
