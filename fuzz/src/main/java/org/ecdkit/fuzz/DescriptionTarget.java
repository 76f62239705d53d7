package org.ecdkit.fuzz;

import org.ecdkit.interop.ModelDescriptions;

/**
 * Descriptions of a model's classes on any bytes: class-info JSON, .ecd, .emd, STAC items and
 * .dlpk packages (whose zip is read, not extracted): fuzz/run DescriptionTarget.
 */
public final class DescriptionTarget {

    private DescriptionTarget() {
    }

    public static void fuzzerTestOneInput(byte[] bytes) {
        UntrustedFile.parse(bytes, "description", ModelDescriptions::read);
    }
}
