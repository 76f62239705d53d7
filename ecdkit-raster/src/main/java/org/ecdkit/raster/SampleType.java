package org.ecdkit.raster;

/** The type of one raster sample, as TIFF's BitsPerSample and SampleFormat together describe it. */
public enum SampleType {
    UINT8(1, false, false, 0, 255),
    INT8(1, true, false, -128, 127),
    UINT16(2, false, false, 0, 65_535),
    INT16(2, true, false, -32_768, 32_767),
    UINT32(4, false, false, 0, 4_294_967_295.0),
    INT32(4, true, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    FLOAT32(4, true, true, -Float.MAX_VALUE, Float.MAX_VALUE),
    FLOAT64(8, true, true, -Double.MAX_VALUE, Double.MAX_VALUE);

    private final int bytes;
    private final boolean signed;
    private final boolean floatingPoint;
    private final double min;
    private final double max;

    SampleType(int bytes, boolean signed, boolean floatingPoint, double min, double max) {
        this.bytes = bytes;
        this.signed = signed;
        this.floatingPoint = floatingPoint;
        this.min = min;
        this.max = max;
    }

    public int bytes() {
        return bytes;
    }

    public int bits() {
        return bytes * 8;
    }

    public boolean isSigned() {
        return signed;
    }

    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The smallest value the type holds. */
    public double min() {
        return min;
    }

    /** The largest value the type holds. */
    public double max() {
        return max;
    }

    /** The GDAL name ("Byte", "UInt16", "Float32"), as gdalinfo prints it. */
    public String gdalName() {
        return switch (this) {
            case UINT8 -> "Byte";
            case INT8 -> "Int8";
            case UINT16 -> "UInt16";
            case INT16 -> "Int16";
            case UINT32 -> "UInt32";
            case INT32 -> "Int32";
            case FLOAT32 -> "Float32";
            case FLOAT64 -> "Float64";
        };
    }

    /** The smallest unsigned integer type that holds every value in [0, max]. */
    public static SampleType smallestUnsigned(long max) {
        if (max <= 255) {
            return UINT8;
        }
        return max <= 65_535 ? UINT16 : UINT32;
    }
}
