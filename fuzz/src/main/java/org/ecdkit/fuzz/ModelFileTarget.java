package org.ecdkit.fuzz;

import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;

/** Model inspection (every format, told by content) on any bytes: fuzz/run ModelFileTarget. */
public final class ModelFileTarget {

    private ModelFileTarget() {
    }

    public static void fuzzerTestOneInput(byte[] bytes) {
        UntrustedFile.parse(bytes, "model", file -> ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT));
    }
}
