package org.ecdkit.model.torchscript;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code forward} method of a TorchScript module as its serialized code declares it (the
 * archive's code/ folder holds TorchScript's Python-like source, with every parameter annotated):
 * {@code def forward(self: __torch__.Net, x: Tensor) -> Tuple[Tensor, Tensor]:}.
 *
 * @param parameters the parameters after {@code self}, as name and type
 * @param returns    the return annotation ("Tensor"), or empty when absent
 */
record ForwardSignature(List<Parameter> parameters, String returns) {

    record Parameter(String name, String type) {
    }

    private static final int MAX_SIGNATURE = 1 << 16;

    /** The forward method of class {@code className} in {@code source}, if the class defines one. */
    static Optional<ForwardSignature> find(String source, String className) {
        int classAt = source.indexOf("class " + className + "(");
        if (classAt < 0) {
            return Optional.empty();
        }
        int nextClass = source.indexOf("\nclass ", classAt + 1);
        int end = nextClass < 0 ? source.length() : nextClass;
        int def = source.indexOf("def forward(", classAt);
        if (def < 0 || def > end) {
            return Optional.empty();
        }
        int open = def + "def forward".length();
        int close = matching(source, open, Math.min(end, open + MAX_SIGNATURE));
        if (close < 0) {
            return Optional.empty();
        }
        List<Parameter> parameters = new ArrayList<>();
        List<String> parts = splitTopLevel(source.substring(open + 1, close));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i).strip();
            if (part.isEmpty()) {
                continue;
            }
            int colon = part.indexOf(':');
            String name = (colon < 0 ? part : part.substring(0, colon)).strip();
            String type = colon < 0 ? "" : part.substring(colon + 1).strip();
            int defaultAt = type.indexOf('=');
            if (defaultAt >= 0) {
                type = type.substring(0, defaultAt).strip();
            }
            if (i == 0 && name.equals("self")) {
                continue;
            }
            parameters.add(new Parameter(name, type));
        }
        String rest = source.substring(close + 1, Math.min(end, close + 1 + MAX_SIGNATURE));
        int lineEnd = rest.indexOf(":\n");
        String returns = "";
        int arrow = rest.indexOf("->");
        if (arrow >= 0 && (lineEnd < 0 || arrow < lineEnd)) {
            returns = rest.substring(arrow + 2, lineEnd < 0 ? rest.length() : lineEnd).strip();
        }
        return Optional.of(new ForwardSignature(parameters, returns));
    }

    /** The outputs a return annotation describes: "Tuple[Tensor, Tensor]" is two, anything else one. */
    List<String> returnedTypes() {
        if (returns.startsWith("Tuple[") && returns.endsWith("]")) {
            return splitTopLevel(returns.substring("Tuple[".length(), returns.length() - 1)).stream().map(String::strip).toList();
        }
        return returns.isEmpty() ? List.of() : List.of(returns);
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int matching(String text, int open, int limit) {
        int depth = 0;
        for (int i = open; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth == 0) {
                    return c == ')' ? i : -1;
                }
            }
        }
        return -1;
    }

    /** Splits on commas outside brackets: "x: Tensor, y: Dict[str, Tensor]" is two parts. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
