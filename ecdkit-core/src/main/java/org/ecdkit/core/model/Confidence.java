package org.ecdkit.core.model;

/** How sure ecdkit is about something it worked out about a model, from surest to least sure. */
public enum Confidence {
    /** The model file states it (a data_format attribute, a layer configuration). */
    DECLARED,
    /** The sizes leave one reading only (a fixed 4 between two free spatial axes). */
    INFERRED,
    /** Nothing in the file says; this is the producing framework's convention. */
    CONVENTION,
    /** Nothing in the file or the framework says; this is a default a user should confirm. */
    GUESSED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
