package org.ecdkit.model.torchscript;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The first class a pickle refers to, read from the opcodes at its start without unpickling
 * anything (Python's pickletools documents the opcodes). TorchScript's data.pkl begins with the
 * model's top module class: {@code PROTO 2, GLOBAL "__torch__.pkg.mod\nNet\n"}; protocol 4 and later
 * name it with {@code SHORT_BINUNICODE} strings and {@code STACK_GLOBAL}.
 */
final class PickleHead {

    private static final int PROTO = 0x80;
    private static final int FRAME = 0x95;
    private static final int GLOBAL = 'c';
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int BINUNICODE = 'X';
    private static final int MEMOIZE = 0x94;
    private static final int STACK_GLOBAL = 0x93;
    private static final int BINPUT = 'q';

    /** The pickled magic number torch.save's legacy format starts with (LONG1 of 0x1950a86a20f9469cfc6c). */
    static final byte[] LEGACY_TORCH_MAGIC = {(byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20,
        0x6a, (byte) 0xa8, 0x50, 0x19};

    private PickleHead() {
    }

    /** Whether {@code head} starts like a pickle of protocol 2 or later. */
    static boolean isPickle(byte[] head) {
        return head.length >= 2 && Byte.toUnsignedInt(head[0]) == PROTO && head[1] >= 2 && head[1] <= 5;
    }

    /** Whether {@code head} is a pickle starting with torch.save's legacy magic number. */
    static boolean isLegacyTorchSave(byte[] head) {
        if (!isPickle(head) || head.length < 2 + LEGACY_TORCH_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < LEGACY_TORCH_MAGIC.length; i++) {
            if (head[2 + i] != LEGACY_TORCH_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** "module.Name" of the first class the pickle loads, when it loads one before anything else. */
    static Optional<String> firstClass(byte[] pickle) {
        int at = 0;
        String pendingModule = null;
        String pendingName = null;
        while (at < pickle.length) {
            int op = Byte.toUnsignedInt(pickle[at++]);
            switch (op) {
                case PROTO -> at += 1;
                case FRAME -> at += 8;
                case BINPUT -> at += 1;
                case MEMOIZE -> {
                }
                case GLOBAL -> {
                    int moduleEnd = indexOf(pickle, (byte) '\n', at);
                    int nameEnd = moduleEnd < 0 ? -1 : indexOf(pickle, (byte) '\n', moduleEnd + 1);
                    if (nameEnd < 0) {
                        return Optional.empty();
                    }
                    return Optional.of(ascii(pickle, at, moduleEnd) + "." + ascii(pickle, moduleEnd + 1, nameEnd));
                }
                case SHORT_BINUNICODE, BINUNICODE -> {
                    int lengthBytes = op == SHORT_BINUNICODE ? 1 : 4;
                    if (at + lengthBytes > pickle.length) {
                        return Optional.empty();
                    }
                    long length = 0;
                    for (int i = 0; i < lengthBytes; i++) {
                        length |= (long) Byte.toUnsignedInt(pickle[at + i]) << (8 * i);
                    }
                    at += lengthBytes;
                    if (length > pickle.length - at) {
                        return Optional.empty();
                    }
                    String text = new String(pickle, at, (int) length, StandardCharsets.UTF_8);
                    at += (int) length;
                    pendingModule = pendingName;
                    pendingName = text;
                }
                case STACK_GLOBAL -> {
                    return pendingModule == null ? Optional.empty() : Optional.of(pendingModule + "." + pendingName);
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length && i < from + 4096; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
