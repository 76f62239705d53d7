package org.ecdkit.core.json;

import java.util.List;
import java.util.Optional;

/**
 * The opening bytes of binary files that users hand over where JSON is expected, most often by
 * swapping two arguments ({@code classify scene.tif model.ecd ...}). Naming the file's real kind
 * turns "not valid UTF-8 at byte 5" into a message that says what went wrong.
 */
final class BinarySignature {

    private record Signature(String kind, int[] magic) {
        boolean matches(byte[] bytes) {
            if (bytes.length < magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((bytes[i] & 0xFF) != magic[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Signature> KNOWN = List.of(
            new Signature("a TIFF image", new int[] {'I', 'I', 42, 0}),
            new Signature("a TIFF image", new int[] {'M', 'M', 0, 42}),
            new Signature("a BigTIFF image", new int[] {'I', 'I', 43, 0}),
            new Signature("a BigTIFF image", new int[] {'M', 'M', 0, 43}),
            new Signature("a PNG image", new int[] {0x89, 'P', 'N', 'G'}),
            new Signature("a JPEG image", new int[] {0xFF, 0xD8, 0xFF}),
            new Signature("a zip archive", new int[] {'P', 'K', 3, 4}),
            new Signature("an HDF5 file", new int[] {0x89, 'H', 'D', 'F'}),
            new Signature("a gzip file", new int[] {0x1F, 0x8B}),
            new Signature("a PDF document", new int[] {'%', 'P', 'D', 'F'}));

    private BinarySignature() {
    }

    /** What kind of binary file {@code bytes} open, if one ecdkit's users are known to mix up with JSON. */
    static Optional<String> kindOf(byte[] bytes) {
        return KNOWN.stream().filter(s -> s.matches(bytes)).map(Signature::kind).findFirst();
    }
}
