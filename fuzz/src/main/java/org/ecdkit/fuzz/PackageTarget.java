package org.ecdkit.fuzz;

import org.ecdkit.interop.DescribedModel;

/**
 * Esri packages (.dlpk) on any bytes, extracted for real into a scratch folder and removed, as
 * {@code inspect} and {@code classify} do: entry names, sizes, links and counts are all attacker's
 * choice here: fuzz/run PackageTarget.
 */
public final class PackageTarget {

    private PackageTarget() {
    }

    public static void fuzzerTestOneInput(byte[] bytes) {
        UntrustedFile.parse(bytes, "model.dlpk", file -> DescribedModel.open(file).ifPresent(DescribedModel::close));
    }
}
