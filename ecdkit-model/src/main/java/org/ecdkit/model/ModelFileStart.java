package org.ecdkit.model;

import java.util.HexFormat;
import org.ecdkit.core.io.FileSignature;

/**
 * Whether a file's first bytes could begin a model of any format ecdkit reads, judged from a few
 * bytes, before a package entry is extracted: a zip (Keras 3, TorchScript), HDF5 (Keras), a TFLite
 * FlatBuffer, a pickle (a checkpoint, refused later by name), or a protobuf message (ONNX, TensorFlow,
 * CNTK), whose first byte is a field tag. A run of zeros, the filling of a zip bomb, is none of them.
 */
public final class ModelFileStart {

    private ModelFileStart() {
    }

    public static boolean plausible(byte[] head) {
        if (head.length == 0) {
            return false;
        }
        if (FileSignature.startsWith(head, 'P', 'K', 3, 4) || FileSignature.startsWith(head, 0x89, 'H', 'D', 'F')
                || head.length >= 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3'
                || (head[0] & 0xFF) == 0x80 && head.length > 1 && head[1] >= 2 && head[1] <= 5) {
            return true;
        }
        int tag = head[0] & 0xFF;
        int wireType = tag & 7;
        boolean validWireType = wireType == 0 || wireType == 1 || wireType == 2 || wireType == 5;
        boolean fieldNumber = (tag & 0x78) != 0 || (tag & 0x80) != 0;
        return validWireType && fieldNumber;
    }

    /** "00 00 00 00 00 00 00 00", the first bytes in hexadecimal, for messages. */
    public static String describe(byte[] head) {
        byte[] shown = java.util.Arrays.copyOf(head, Math.min(head.length, 8));
        return HexFormat.ofDelimiter(" ").formatHex(shown);
    }
}
