package org.ecdkit.raster.tiff;

/** TIFF field types (TIFF 6.0 section 2, BigTIFF's LONG8/SLONG8/IFD8) and their sizes in bytes. */
final class FieldType {
    static final int BYTE = 1;
    static final int ASCII = 2;
    static final int SHORT = 3;
    static final int LONG = 4;
    static final int RATIONAL = 5;
    static final int SBYTE = 6;
    static final int UNDEFINED = 7;
    static final int SSHORT = 8;
    static final int SLONG = 9;
    static final int SRATIONAL = 10;
    static final int FLOAT = 11;
    static final int DOUBLE = 12;
    static final int IFD = 13;
    static final int LONG8 = 16;
    static final int SLONG8 = 17;
    static final int IFD8 = 18;

    private FieldType() {
    }

    /** Bytes per value, or 0 for a type this reader does not know (such entries are skipped). */
    static int size(int type) {
        return switch (type) {
            case BYTE, ASCII, SBYTE, UNDEFINED -> 1;
            case SHORT, SSHORT -> 2;
            case LONG, SLONG, FLOAT, IFD -> 4;
            case RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8 -> 8;
            default -> 0;
        };
    }
}
