package org.ecdkit.core.io;

import java.util.List;
import java.util.Optional;

/**
 * The opening bytes of binary files that users hand over where something else is expected: a TIFF
 * where JSON goes (swapped arguments), a JPEG 2000 band where a GeoTIFF goes. Naming the file's real
 * kind turns "not valid UTF-8 at byte 5" into a message that says what went wrong.
 */
public final class FileSignature {

    private record Signature(String kind, int[] magic) {
        Signature {
            magic = magic.clone();
        }

        boolean matches(byte[] bytes) {
            return startsWith(bytes, magic);
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
            new Signature("a PDF document", new int[] {'%', 'P', 'D', 'F'}),
            new Signature("JPEG 2000", new int[] {0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' '}),
            new Signature("JPEG 2000", new int[] {0xFF, 0x4F, 0xFF, 0x51}),
            new Signature("NetCDF", new int[] {'C', 'D', 'F'}));

    private FileSignature() {
    }

    /** Whether {@code bytes} begin with {@code magic} (each an unsigned byte value). */
    public static boolean startsWith(byte[] bytes, int... magic) {
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

    /** What kind of binary file {@code bytes} open, if one ecdkit's users are known to mix up. */
    public static Optional<String> kindOf(byte[] bytes) {
        return KNOWN.stream().filter(s -> s.matches(bytes)).map(Signature::kind).findFirst();
    }
}
