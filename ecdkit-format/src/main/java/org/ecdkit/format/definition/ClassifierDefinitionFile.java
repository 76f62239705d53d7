package org.ecdkit.format.definition;

import java.util.List;

/**
 * The content of an .ecd file: the envelope ({@code EsriClassifierDefinitionFile},
 * {@code FileVersion}, {@code NumberDefinitions}) around one or more definitions.
 */
public record ClassifierDefinitionFile(int fileVersion, List<ClassifierDefinition> definitions) {

    /** The version ecdkit writes: the envelope of version 1 carries everything it writes. */
    public static final int WRITTEN_VERSION = 1;
    /** The newest version seen in public ArcGIS documentation. */
    public static final int NEWEST_KNOWN_VERSION = 3;

    public ClassifierDefinitionFile {
        definitions = List.copyOf(definitions);
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("a definition file holds at least one definition");
        }
    }

    public static ClassifierDefinitionFile of(ClassifierDefinition definition) {
        return new ClassifierDefinitionFile(WRITTEN_VERSION, List.of(definition));
    }

    public ClassifierDefinition first() {
        return definitions.get(0);
    }
}
