package org.ecdkit.convert;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.definition.ClassifierDefinitionFile;

/**
 * The result of a conversion: the definition as written, where, and what a user should hear
 * (warnings, and the checks that could not be made).
 */
public record Conversion(ClassifierDefinitionFile definition, Path written, List<Finding> findings) {

    public Conversion {
        findings = List.copyOf(findings);
    }
}
