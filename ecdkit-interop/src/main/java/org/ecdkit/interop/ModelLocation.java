package org.ecdkit.interop;

import java.nio.file.Path;

/** Where a model description says its model is. */
public sealed interface ModelLocation {

    /** A file or SavedModel folder on disk. */
    record OnDisk(Path path) implements ModelLocation {
    }

    /** Inside a package: {@code entry} of the zip {@code archive} (a file, or a folder ending in '/'). */
    record InPackage(Path archive, String entry) implements ModelLocation {
    }

    /** An address ecdkit does not fetch (an http URL in a STAC item). */
    record Remote(String address) implements ModelLocation {
    }

    /** The description names no model. */
    record Unnamed() implements ModelLocation {
    }
}
