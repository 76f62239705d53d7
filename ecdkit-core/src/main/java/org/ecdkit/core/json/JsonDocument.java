package org.ecdkit.core.json;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.report.Finding;

/**
 * A parsed JSON file: its root value, the file it came from (for messages), and what was noticed
 * while reading it (a byte-order mark, say).
 */
public record JsonDocument(Path file, JsonValue root, List<Finding> findings) {

    public JsonDocument {
        findings = List.copyOf(findings);
    }

    /** A cursor at the root, for typed, located access. */
    public JsonCursor cursor() {
        return JsonCursor.root(file, root);
    }
}
