package org.ecdkit.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
final class EcdkitVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Ecdkit.class.getPackage().getImplementationVersion();
        return new String[] {"ecdkit " + (version == null ? "development" : version)};
    }
}
