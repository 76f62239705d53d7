package org.ecdkit.interop.mlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.interop.ModelLocation;

/**
 * An asset's {@code href} (a URI reference, RFC 3986) as a model location: a relative reference
 * resolved against the item's folder, a {@code file:} URI on this machine, or anything with another
 * scheme, remote. Hrefs in real items are written by hand as often as by tools, so a space is taken
 * as it stands; what cannot name a local file is refused in one line naming the href: a file URI on
 * another host, a query or fragment, a bad percent-escape, a control character.
 */
final class AssetHref {

    private AssetHref() {
    }

    static ModelLocation locate(JsonCursor field, Path itemFile) {
        String href = field.asPath();
        String lower = href.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return new ModelLocation.OnDisk(fileUri(field, href));
        }
        if (href.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return new ModelLocation.Remote(href);
        }
        if (href.indexOf('?') >= 0 || href.indexOf('#') >= 0) {
            throw field.invalid("a relative path to the model without a query or fragment ('?', '#')");
        }
        Path folder = itemFile.toAbsolutePath().getParent();
        return new ModelLocation.OnDisk(path(field, folder, decode(field, href).replace('\\', '/')));
    }

    /** {@code file:/p}, {@code file:///p} or {@code file://localhost/p}, as a path. */
    private static Path fileUri(JsonCursor field, String href) {
        String rest = href.substring("file:".length());
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw field.invalid("a file URI without a query or fragment ('?', '#'): give the model file's path");
        }
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw field.invalid("a file on this machine; file://" + host + "/... names a file on host \"" + host
                        + "\" (mount the share and give its local path)");
            }
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        if (!rest.startsWith("/")) {
            throw field.invalid("a file URI with an absolute path (file:///folder/model.onnx)");
        }
        return path(field, null, decode(field, rest));
    }

    private static Path path(JsonCursor field, Path folder, String text) {
        try {
            Path path = Path.of(text);
            return folder == null ? path : folder.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw field.invalid("a path this system can hold (" + e.getReason() + ")");
        }
    }

    /** Percent-escapes decoded as UTF-8 bytes; a malformed one is refused rather than guessed at. */
    private static String decode(JsonCursor field, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%') {
                int value = i + 2 < text.length() ? hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)) : -1;
                if (value < 0) {
                    String escape = text.substring(i, Math.min(text.length(), i + 3));
                    throw field.invalid("valid percent-escapes (%XX, two hexadecimal digits), not \"" + escape + "\"");
                }
                if (value == 0) {
                    throw field.invalid("a path without a NUL character (%00)");
                }
                bytes.write(value);
                i += 3;
            } else {
                int end = i + Character.charCount(text.codePointAt(i));
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        int digit = Character.digit(c, 16);
        return digit < 0 ? -4096 : digit;
    }
}
