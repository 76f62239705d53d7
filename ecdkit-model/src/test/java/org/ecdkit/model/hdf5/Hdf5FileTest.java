package org.ecdkit.model.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.model.fixture.Hdf5FileBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class Hdf5FileTest {

    @TempDir
    Path dir;

    private static Map<String, String> texts(Hdf5File file) {
        Map<String, String> values = new LinkedHashMap<>();
        file.rootAttributes().forEach((name, attribute) -> values.put(name, attribute.text().orElse("<" + attribute.type() + ">")));
        return values;
    }

    private static Map<String, String> jhdfTexts(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try (HdfFile hdf5 = new HdfFile(file)) {
            hdf5.getAttributes().forEach((name, attribute) -> values.put(name, String.valueOf(attribute.getData())));
        }
        return values;
    }

    @Test
    void readsVariableAndFixedLengthStringsAsH5pyWritesThem() throws Exception {
        String big = "{\"layers\": [" + "\"x\", ".repeat(30_000) + "\"y\"]}";
        Path file = new Hdf5FileBuilder()
                .variableString("keras_version", "2.15.0")
                .fixedString("backend", "tensorflow")
                .variableString("model_config", big)
                .write(dir.resolve("model.h5"));
        Hdf5File hdf5 = Hdf5File.read(file);
        assertEquals(0, hdf5.superblockVersion());
        assertEquals(Map.of("keras_version", "2.15.0", "backend", "tensorflow", "model_config", big), texts(hdf5));
        assertEquals("variable-length UTF-8 string", hdf5.rootAttributes().get("model_config").type());
        assertEquals("11-byte ASCII string", hdf5.rootAttributes().get("backend").type());
        assertFalse(hdf5.denseAttributes());
        assertEquals(texts(hdf5), jhdfTexts(file), "jhdf, an independent reader, reads the fixture the same");
    }

    @Test
    void followsContinuationBlocks() throws Exception {
        Path file = new Hdf5FileBuilder().variableString("a", "1").variableString("b", "2").fixedString("c", "3")
                .continueAfter(1).write(dir.resolve("split.h5"));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), texts(Hdf5File.read(file)));
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), jhdfTexts(file));
    }

    @Test
    void readsFilesJhdfWritesInTheNewerFormat() {
        Path file = dir.resolve("jhdf.h5");
        try (WritableHdfFile hdf5 = HdfFile.write(file)) {
            hdf5.putAttribute("model_config", "{\"class_name\": \"Sequential\"}");
            hdf5.putAttribute("keras_version", "3.6.0");
            hdf5.putAttribute("count", 3);
            hdf5.putGroup("model_weights");
        }
        Hdf5File read = Hdf5File.read(file);
        assertEquals(2, read.superblockVersion());
        assertEquals("{\"class_name\": \"Sequential\"}", read.rootAttributes().get("model_config").text().orElseThrow());
        assertEquals("3.6.0", read.rootAttributes().get("keras_version").text().orElseThrow());
        assertEquals(Optional.empty(), read.rootAttributes().get("count").text());
        assertEquals("4-byte integer", read.rootAttributes().get("count").type());
    }

    @Test
    void saysWhenAttributesAreInDenseStorage() throws Exception {
        Path file = new Hdf5FileBuilder().variableString("a", "1").denseAttributeStorage().write(dir.resolve("dense.h5"));
        assertTrue(Hdf5File.read(file).denseAttributes());
    }

    // --- bad input: each ends in one line naming the file, quickly, without large allocations ---

    private String failure(byte[] bytes) throws Exception {
        Path file = Files.write(dir.resolve("bad.h5"), bytes);
        EcdkitException e = assertThrows(EcdkitException.class, () -> Hdf5File.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Hdf5FileBuilder.Layout sample() {
        return new Hdf5FileBuilder().variableString("keras_version", "2.15.0").fixedString("backend", "tensorflow")
                .variableString("model_config", "{}").continueAfter(1).layout();
    }

    @Test
    void aContinuationThatPointsBackIntoTheHeaderIsACycle() throws Exception {
        Hdf5FileBuilder.Layout layout = sample();
        byte[] bytes = layout.bytes().clone();
        le(bytes).putLong(layout.continuationMessage() + 8, layout.rootHeader() + 16);
        assertTrue(failure(bytes).contains("points back to a block already read (a cycle)"), failure(bytes));
    }

    @Test
    void absurdAddressesAndSizesAreRefusedBeforeReading() throws Exception {
        Hdf5FileBuilder.Layout layout = sample();
        byte[] root = layout.bytes().clone();
        le(root).putLong(64, 1L << 60);
        assertTrue(failure(root).endsWith("an object header at address 1152921504606846976, outside the file (" + root.length
                + " bytes)"), failure(root));

        byte[] continuation = layout.bytes().clone();
        le(continuation).putLong(layout.continuationMessage() + 16, 1L << 40);
        assertTrue(failure(continuation).contains("an object header block of 1099511627776 bytes; ecdkit reads at most"));

        byte[] heap = layout.bytes().clone();
        le(heap).putLong(layout.heapCollection() + 8, Long.MAX_VALUE / 2);
        assertTrue(failure(heap).contains("runs past the end of the file"), failure(heap));

        byte[] length = layout.bytes().clone();
        int message = layout.attributeMessages().get(0) + 8;
        int data = message + 8 + 16 + 24 + 8; // header, name "keras_version\0" padded, datatype padded, dataspace
        le(length).putInt(data, Integer.MAX_VALUE);
        assertTrue(failure(length).contains("attribute \"keras_version\" holds 2147483647 bytes; ecdkit reads at most"),
                failure(length));

        byte[] name = layout.bytes().clone();
        le(name).putShort(message + 2, (short) 60_000);
        assertTrue(failure(name).contains("an attribute message too short for its name"), failure(name));

        byte[] offsets = layout.bytes().clone();
        offsets[13] = 3;
        assertTrue(failure(offsets).endsWith("the superblock's size of offsets is 3; HDF5 allows 2, 4 or 8"));
    }

    @Test
    void truncatedFilesEndInOneLine() throws Exception {
        byte[] bytes = sample().bytes();
        for (int cut : new int[] {0, 7, 8, 40, 95, 100, 150, 300, bytes.length - 4000}) {
            String message = failure(Arrays.copyOf(bytes, cut));
            assertTrue(message.contains("HDF5") || message.contains("truncated") || message.contains("outside the file")
                    || message.contains("past the end"), cut + ": " + message);
        }
    }

    @Test
    void aFileWithoutTheSignatureIsNotHdf5() throws Exception {
        assertTrue(failure(new byte[2048]).endsWith("no HDF5 signature: not an HDF5 file"));
    }

    @Test
    @Timeout(30)
    void randomDamageEndsInOneLineOrReadsSomething() throws Exception {
        byte[] original = sample().bytes();
        Random random = new Random(11);
        Path file = dir.resolve("fuzz.h5");
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                // Damage the structures, not the free space after the heap's objects.
                bytes[random.nextInt(sample().heapCollection() + 64)] = (byte) random.nextInt(256);
            }
            Files.write(file, bytes);
            try {
                Hdf5File.read(file);
            } catch (InvalidInputException | org.ecdkit.core.error.UnsupportedInputException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }
}
