package org.ecdkit.model.protobuf;

/** The wire types of the protobuf encoding (protobuf.dev, "Encoding", "Message Structure"). */
public final class WireType {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    private WireType() {
    }

    public static String name(int wireType) {
        return switch (wireType) {
            case VARINT -> "varint";
            case FIXED64 -> "64-bit";
            case LENGTH_DELIMITED -> "length-delimited";
            case START_GROUP -> "start-group";
            case END_GROUP -> "end-group";
            case FIXED32 -> "32-bit";
            default -> "invalid wire type " + wireType;
        };
    }
}
