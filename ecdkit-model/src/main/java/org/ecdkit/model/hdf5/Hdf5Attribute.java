package org.ecdkit.model.hdf5;

import java.util.Optional;

/**
 * An attribute of an HDF5 object. ecdkit reads the values of string attributes (fixed-length or
 * variable-length, one element); others are described, not read.
 *
 * @param name the attribute's name
 * @param text the value, when it is a single string
 * @param type what the value is, for messages ("variable-length UTF-8 string", "8-byte integer array of 3")
 */
public record Hdf5Attribute(String name, Optional<String> text, String type) {
}
