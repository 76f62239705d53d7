package org.ecdkit.model.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.model.fixture.PythonFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Datasets written by h5py (src/test/python/hdf5_layouts.py) in every storage it offers, read back exactly. */
class Hdf5DatasetTest {

    private static Path fixtures;
    private static float[] values;

    @BeforeAll
    static void writeFixtures() throws IOException {
        fixtures = PythonFixtures.run("src/test/python/hdf5_layouts.py");
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(fixtures.resolve("values.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"contiguous", "chunked", "deflate", "shuffle", "fletcher", "doubles", "big_endian"})
    void everyStorageReadsTheSameValues(String name) {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            Hdf5Dataset dataset = file.root().dataset(name).orElseThrow();
            assertArrayEquals(new long[] {37, 21}, dataset.shape());
            assertArrayEquals(values, dataset.readFloats(10_000));
        }
    }

    @Test
    void compactDataIsReadFromTheHeader() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            float[] read = file.root().dataset("compact").orElseThrow().readFloats(1000);
            float[] expected = new float[4 * 21];
            System.arraycopy(values, 0, expected, 0, expected.length);
            assertArrayEquals(expected, read);
        }
    }

    @Test
    void halfFloatsAreWidenedExactly() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            float[] read = file.root().dataset("half").orElseThrow().readFloats(10_000);
            for (int i = 0; i < values.length; i++) {
                // float16 keeps 11 significant bits: half a unit in the last place, relative
                assertEquals(values[i], read[i], Math.abs(values[i]) * 0x1p-11 + 0x1p-24, "element " + i);
            }
        }
    }

    @Test
    void chunksNeverWrittenReadAsTheFillValue() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            float[] read = file.root().dataset("partly_written").orElseThrow().readFloats(10_000);
            for (int row = 0; row < 37; row++) {
                for (int col = 0; col < 21; col++) {
                    float expected = row < 8 && col < 8 ? values[row * 21 + col] : 0f;
                    assertEquals(expected, read[row * 21 + col], "row " + row + ", column " + col);
                }
            }
        }
    }

    @Test
    void groupsAreWalkedByPathAndStringArraysRead() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            Hdf5Group nested = file.root().group("nested").orElseThrow();
            assertEquals(List.of("deeper"), nested.memberNames());
            assertEquals(List.of("a", "bb", "ccc"), nested.attributes().get("names").texts());
            assertEquals(List.of("x", "yy"), nested.attributes().get("fixed_names").texts());
            float[] leaf = file.root().dataset("nested/deeper/leaf").orElseThrow().readFloats(100);
            assertEquals(values[20], leaf[20]);
            assertTrue(file.root().dataset("nested").isEmpty(), "a group is not a dataset");
            assertTrue(file.root().group("missing/path").isEmpty());
        }
    }

    @Test
    void filesOfTheLatestFormatUseLinkMessagesAndVersion4Layouts() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("latest.h5"))) {
            assertEquals(List.of("contiguous", "single_chunk", "fixed_array", "nested"), file.root().memberNames());
            assertArrayEquals(values, file.root().dataset("contiguous").orElseThrow().readFloats(10_000));
            assertArrayEquals(values, file.root().dataset("single_chunk").orElseThrow().readFloats(10_000));
            assertEquals(21, file.root().dataset("nested/leaf").orElseThrow().readFloats(100).length);
            UnsupportedInputException e = assertThrows(UnsupportedInputException.class,
                    () -> file.root().dataset("fixed_array").orElseThrow().readFloats(10_000));
            assertTrue(e.getMessage().contains("\"/fixed_array\" indexes its chunks with HDF5 1.10's chunk index type 3"),
                    e.getMessage());
        }
    }

    @Test
    void anUnreadableFilterOrTypeIsRefusedByName() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            UnsupportedInputException lzf = assertThrows(UnsupportedInputException.class,
                    () -> file.root().dataset("lzf").orElseThrow());
            assertTrue(lzf.getMessage().contains("\"/lzf\" is compressed with HDF5 filter 32000 (LZF, h5py's own)"), lzf.getMessage());
            UnsupportedInputException ints = assertThrows(UnsupportedInputException.class,
                    () -> file.root().dataset("integers").orElseThrow().readFloats(100));
            assertTrue(ints.getMessage().contains("\"/integers\" does not hold IEEE floating-point numbers"), ints.getMessage());
        }
    }

    @Test
    void theCallersLimitBoundsTheAllocation() {
        try (Hdf5Reader file = Hdf5Reader.open(fixtures.resolve("default.h5"))) {
            EcdkitException e = assertThrows(EcdkitException.class,
                    () -> file.root().dataset("deflate").orElseThrow().readFloats(100));
            assertTrue(e.getMessage().contains("holds 777 values; ecdkit reads at most 100 per dataset"), e.getMessage());
        }
    }

    @Test
    void aTruncatedFileEndsInAnErrorNamingTheDataset(@TempDir Path temp) throws IOException {
        byte[] whole = Files.readAllBytes(fixtures.resolve("default.h5"));
        int failures = 0;
        for (int cut = whole.length - 1; cut > whole.length / 2; cut -= 997) {
            Path truncated = temp.resolve("cut" + cut + ".h5");
            Files.write(truncated, java.util.Arrays.copyOf(whole, cut));
            try (Hdf5Reader file = Hdf5Reader.open(truncated)) {
                for (String name : List.of("contiguous", "chunked", "deflate", "shuffle", "doubles")) {
                    try {
                        file.root().dataset(name).ifPresent(d -> d.readFloats(10_000));
                    } catch (EcdkitException e) {
                        failures++;
                        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
                    }
                }
            } catch (EcdkitException e) {
                failures++;
            }
        }
        assertTrue(failures > 0, "some cut must reach the data");
    }
}
