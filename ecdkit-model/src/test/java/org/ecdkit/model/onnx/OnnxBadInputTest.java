package org.ecdkit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.RandomDamage;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Broken and hostile ONNX files end in one line naming the file, never in a stack trace or a hang. */
class OnnxBadInputTest {

    @TempDir
    Path dir;

    private String refusal(Path file) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void anEmptyFileIsSaidToBeEmpty() throws Exception {
        assertTrue(refusal(write("empty.onnx", new byte[0])).endsWith("the file is empty (0 bytes); expected a model"));
    }

    @Test
    void randomBytesWithoutAKnownExtensionAreNotAModel() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        assertTrue(refusal(write("noise.bin", noise)).contains("not a model ecdkit knows; it reads ONNX model (.onnx)"));
    }

    @Test
    void randomBytesNamedOnnxGetTheParsersReason() throws Exception {
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        String message = refusal(write("noise.onnx", noise));
        assertTrue(message.contains("at byte"), message);
    }

    @Test
    void aLengthClaimingGigabytesIsRefusedBeforeAnyAllocation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {0x08, 0x08, 0x3A}); // ir_version 8, then graph (field 7, length-delimited)
        long claimed = 3L << 30;
        while ((claimed & ~0x7FL) != 0) {
            bytes.write((int) (claimed & 0x7F) | 0x80);
            claimed >>>= 7;
        }
        bytes.write((int) claimed);
        bytes.writeBytes(new byte[] {0x0A, 0x00});
        String message = refusal(write("bomb.onnx", bytes.toByteArray()));
        assertTrue(message.endsWith("field 7 declares 3221225472 bytes but only 2 remain in its message (truncated, or not this format)"), message);
    }

    @Test
    void aNameClaimingMoreThanItsLimitIsRefused() throws Exception {
        // ir_version 8, graph { node { op_type: 100 KiB of 'x' } }
        byte[] opType = new byte[100 * 1024];
        Arrays.fill(opType, (byte) 'x');
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        node.write(0x22);
        writeVarint(node, opType.length);
        node.writeBytes(opType);
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        graph.write(0x0A);
        writeVarint(graph, node.size());
        graph.writeBytes(node.toByteArray());
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        model.writeBytes(new byte[] {0x08, 0x08, 0x3A});
        writeVarint(model, graph.size());
        model.writeBytes(graph.toByteArray());
        String message = refusal(write("longname.onnx", model.toByteArray()));
        assertTrue(message.contains("graph.node at byte") && message.contains("more than the 4096 accepted here"), message);
    }

    @Test
    void everyTruncationOfAModelEndsInAClearErrorOrAPartialRead() throws Exception {
        byte[] whole = Files.readAllBytes(OnnxFixtures.fourBandsTwoClasses(dir.resolve("whole.onnx")));
        int refused = 0;
        for (int length = 1; length < whole.length; length++) {
            Path cut = write("cut.onnx", Arrays.copyOf(whole, length));
            try {
                ModelInspectors.standard().inspect(cut, InspectOptions.DEFAULT);
            } catch (InvalidInputException e) {
                refused++;
                assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            }
        }
        // Only cuts at a top-level field boundary leave valid protobuf; every other cut is refused.
        assertTrue(refused >= whole.length - 6, refused + " of " + (whole.length - 1) + " refused");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedModelsNeverEscapeAsAnythingButEcdkitErrors() throws Exception {
        byte[] whole = Files.readAllBytes(OnnxFixtures.classIndexOutput(dir.resolve("whole.onnx")));
        RandomDamage.inspectDamagedCopies(whole, dir.resolve("mutated.onnx"), 2026, 2000);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
