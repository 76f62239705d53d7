package org.ecdkit.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.model.fixture.RandomDamage;
import org.ecdkit.model.fixture.ModelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The protobuf formats besides ONNX (SavedModel, frozen graph, CNTK v2), broken and hostile: each
 * ends in one line naming the file, fast, without allocating what a length field claims.
 */
class ProtobufFormatsBadInputTest {

    @TempDir
    Path dir;

    /** The file the parser reads: saved_model.pb for a SavedModel folder. */
    private Path modelFile(ModelFormat format) throws Exception {
        Path model = ModelFixtures.segmenter(format, dir);
        return Files.isDirectory(model) ? model.resolve("saved_model.pb") : model;
    }

    private static String failure(Path file) {
        EcdkitException e = assertThrows(EcdkitException.class,
                () -> ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()) || e.getMessage().startsWith(file.getParent().toString()),
                e.getMessage());
        return e.getMessage();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] field(int number, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3 | 2);
        varint(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A length-delimited field claiming {@code claimed} bytes and followed by two. */
    private static byte[] bomb(int number, long claimed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3 | 2);
        varint(out, claimed);
        out.writeBytes(new byte[] {0x0A, 0x00});
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"TENSORFLOW_SAVED_MODEL", "TENSORFLOW_GRAPH_DEF", "CNTK_V2"})
    void everyTruncationEndsInOneLine(ModelFormat format) throws Exception {
        Path file = modelFile(format);
        byte[] whole = Files.readAllBytes(file);
        int refused = 0;
        for (int length = 1; length < whole.length; length++) {
            Files.write(file, Arrays.copyOf(whole, length));
            try {
                ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT);
            } catch (EcdkitException e) {
                refused++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
        // Only cuts at a top-level field boundary can leave a valid message.
        assertTrue(refused >= whole.length - 12, format + ": " + refused + " of " + (whole.length - 1) + " refused");
    }

    /**
     * A nested message claiming 3 GiB inside the part each parser reads: a node's attribute (frozen
     * graph), the meta graph's info (SavedModel), a dictionary entry's value (CNTK).
     */
    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"TENSORFLOW_SAVED_MODEL", "TENSORFLOW_GRAPH_DEF", "CNTK_V2"})
    void aNestedLengthClaimingGigabytesIsRefusedBeforeAnyAllocation(ModelFormat format) throws Exception {
        Path file = modelFile(format);
        byte[] whole = Files.readAllBytes(file);
        byte[] extra = switch (format) {
            case TENSORFLOW_GRAPH_DEF -> field(1, concat(field(1, "x".getBytes()), field(2, "Identity".getBytes()),
                    bomb(5, 3L << 30)));
            case TENSORFLOW_SAVED_MODEL -> field(2, field(1, bomb(4, 3L << 30)));
            default -> field(2, concat(field(1, "extra".getBytes()), bomb(2, 3L << 30)));
        };
        Files.write(file, concat(whole, extra));
        String message = failure(file);
        assertTrue(message.contains("declares 3221225472 bytes but only 2 remain"), message);
    }

    @Test
    void deeplyNestedCntkDictionariesAreRefusedNotRecursedInto() throws Exception {
        // Dictionary { data { key "type" value { dictionary_value { data { ... } } } } }, 5 000 deep.
        byte[] inner = new byte[0];
        for (int level = 0; level < 5_000; level++) {
            byte[] dictionary = field(2, concat(field(1, "d".getBytes()), field(2, field(12, inner))));
            inner = dictionary;
        }
        byte[] model = concat(new byte[] {0x08, 0x01}, field(2, concat(field(1, "version".getBytes()), field(2, new byte[] {0x28, 1}))),
                field(2, concat(field(1, "type".getBytes()), field(2, field(12, inner)))));
        Path file = Files.write(dir.resolve("deep.model"), model);
        String message = failure(file);
        assertTrue(message.endsWith(": data.type.dictionary. (94 more) .d.dictionary.data at byte 526: messages nested deeper "
                + "than 100"), message);
    }

    @Test
    void deeplyNestedMessagesInSkippedFieldsAreSkippedWithoutRecursion() throws Exception {
        byte[] inner = new byte[0];
        for (int level = 0; level < 5_000; level++) {
            inner = field(9, inner);
        }
        Path file = modelFile(ModelFormat.TENSORFLOW_GRAPH_DEF);
        byte[] node = concat(field(1, "deep".getBytes()), field(2, "NoOp".getBytes()), field(99, inner));
        Files.write(file, concat(Files.readAllBytes(file), field(1, node)));
        ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"TENSORFLOW_SAVED_MODEL", "TENSORFLOW_GRAPH_DEF", "CNTK_V2"})
    @Timeout(60)
    void randomDamageEndsInOneLineOrReadsSomething(ModelFormat format) throws Exception {
        Path file = modelFile(format);
        byte[] whole = Files.readAllBytes(file);
        RandomDamage.inspectDamagedCopies(whole, file, format.ordinal(), 1500);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
