package org.ecdkit.core.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ZipArchiveTest {

    private static final ZipLimits LIMITS = new ZipLimits(1000, 1 << 20, 4 << 20, 100);

    @TempDir
    Path dir;

    /** Zips {@code name, content} pairs with java.util.zip, deflated unless the name ends in ".bin". */
    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                ZipEntry entry = new ZipEntry(namesAndContents[i]);
                if (namesAndContents[i].endsWith(".bin")) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                out.putNextEntry(entry);
                out.write(content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("archive.zip"), bytes);
    }

    private static int centralHeader(byte[] zip, int index) {
        int found = -1;
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2 && ++found == index) {
                return i;
            }
        }
        throw new AssertionError("no central header " + index);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private String failure(byte[] bytes) throws IOException {
        Path file = write(bytes);
        EcdkitException e = assertThrows(EcdkitException.class, () -> {
            try (ZipArchive archive = ZipArchive.open(file, LIMITS)) {
                for (ZipEntryInfo entry : archive.entries()) {
                    archive.read(entry, 1 << 20);
                }
            }
        });
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsStoredAndDeflatedEntriesInDirectoryOrder() throws Exception {
        String text = "x".repeat(10_000);
        Path file = write(zip("model/config.json", text, "model/weights.bin", "0123", "model/", ""));
        try (ZipArchive archive = ZipArchive.open(file, LIMITS)) {
            assertEquals(List.of("model/config.json", "model/weights.bin", "model/"), archive.names());
            ZipEntryInfo config = archive.entry("model/config.json").orElseThrow();
            assertEquals(ZipEntryInfo.DEFLATED, config.method());
            assertTrue(config.compressedSize() < 200);
            assertEquals(text, archive.readText(config, 1 << 20));
            ZipEntryInfo weights = archive.entry("model/weights.bin").orElseThrow();
            assertEquals(ZipEntryInfo.STORED, weights.method());
            assertEquals("0123", archive.readText(weights, 16));
            assertTrue(archive.entry("model/").orElseThrow().directory());
            assertEquals("config.json", config.fileName());
        }
        assertTrue(ZipArchive.looksLikeZip(Files.readAllBytes(file)));
    }

    @Test
    void namesThatClimbOutOrAreAbsoluteAreRefusedOnOpen() throws Exception {
        assertTrue(failure(zip("model/../../etc/passwd", "x")).endsWith(
                "archive.zip: model/../../etc/passwd: a path that climbs out of the archive (\"..\")"));
        assertTrue(failure(zip("/etc/passwd", "x")).endsWith("an absolute path; archive entries must be relative"));
        assertTrue(failure(zip("C:/Windows/win.ini", "x")).endsWith("an absolute path; archive entries must be relative"));
        assertTrue(failure(zip("a\\..\\..\\b", "x")).contains("climbs out"));
    }

    @Test
    void duplicateNamesAreRefused() throws Exception {
        byte[] bytes = zip("a.txt", "1", "b.txt", "2");
        int second = centralHeader(bytes, 1);
        bytes[second + 46] = 'a';
        assertTrue(failure(bytes).endsWith("a.txt: a second entry of the same name: the archive is ambiguous"));
    }

    @Test
    void absurdDeclaredSizesAndCountsAreRefusedBeforeAnyAllocation() throws Exception {
        byte[] bytes = zip("a.txt", "hello");
        le(bytes).putInt(centralHeader(bytes, 0) + 24, 0x7FFFFFF0);
        assertTrue(failure(bytes).endsWith("a.txt: declares 2147483632 bytes; ecdkit reads entries of at most 1048576"));

        byte[] counted = zip("a.txt", "hello");
        le(counted).putShort(counted.length - 22 + 10, (short) 0xFFFE).putShort(counted.length - 22 + 8, (short) 0xFFFE);
        assertTrue(failure(counted).endsWith("declares 65534 entries; ecdkit reads at most 1000"), failure(counted));

        byte[] directory = zip("a.txt", "hello");
        le(directory).putInt(directory.length - 22 + 12, 0x7FFFFFFF);
        assertTrue(failure(directory).contains("central directory lies outside the file"));
    }

    @Test
    void theTotalOfAllEntriesIsBounded() throws Exception {
        byte[] bytes = zip("a.txt", "1", "b.txt", "2", "c.txt", "3", "d.txt", "4", "e.txt", "5");
        for (int i = 0; i < 5; i++) {
            le(bytes).putInt(centralHeader(bytes, i) + 24, 1 << 20);
        }
        assertTrue(failure(bytes).endsWith("its entries declare more than 4194304 bytes in all"));
    }

    @Test
    void contentLargerThanDeclaredIsNotInflated() throws Exception {
        byte[] bytes = zip("bomb.txt", "0".repeat(1 << 20));
        int header = centralHeader(bytes, 0);
        le(bytes).putInt(header + 24, 1000);
        assertTrue(failure(bytes).endsWith("bomb.txt: inflates to more than the 1000 bytes the directory declares"));
    }

    @Test
    void damagedContentFailsItsChecksum() throws Exception {
        byte[] bytes = zip("w.bin", "0123456789");
        int data = 30 + "w.bin".length();
        bytes[data + 3] ^= 1;
        assertTrue(failure(bytes).endsWith("w.bin: CRC-32 mismatch: the archive is damaged"));
    }

    @Test
    void aSymbolicLinkIsMarkedAndNeverRead() throws Exception {
        byte[] bytes = zip("link", "/etc/passwd");
        int header = centralHeader(bytes, 0);
        le(bytes).putShort(header + 4, (short) (3 << 8 | 20)).putInt(header + 38, 0120777 << 16);
        Path file = write(bytes);
        try (ZipArchive archive = ZipArchive.open(file, LIMITS)) {
            ZipEntryInfo link = archive.entries().get(0);
            assertTrue(link.link());
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> archive.read(link, 100));
            assertTrue(e.getMessage().endsWith("link: a symbolic link; ecdkit does not follow links inside archives"));
        }
    }

    @Test
    void truncatedArchivesFailWithOneLine() throws Exception {
        byte[] bytes = zip("config.json", "{\"a\":1}".repeat(100), "w.bin", "0123456789");
        for (int cut : new int[] {0, 4, 21, 40, bytes.length / 2, bytes.length - 30, bytes.length - 1}) {
            String message = failure(Arrays.copyOf(bytes, cut));
            assertTrue(message.startsWith(dir.resolve("archive.zip").toString()), message);
        }
    }

    @Test
    void aZip64ArchiveIsRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setLevel(0);
            for (int i = 0; i < 70_000; i++) {
                out.putNextEntry(new ZipEntry("e" + i));
                out.write(i);
                out.closeEntry();
            }
        }
        Path file = write(bytes.toByteArray());
        try (ZipArchive archive = ZipArchive.open(file, new ZipLimits(100_000, 1 << 20, 1 << 30, 100))) {
            assertEquals(70_000, archive.entries().size());
            assertArrayEquals(new byte[] {(byte) 69_999}, archive.read(archive.entry("e69999").orElseThrow(), 10));
        }
    }

    @Test
    @Timeout(20)
    void randomDamageNeverEscapesAsAnythingButOneLine() throws Exception {
        byte[] original = zip("config.json", "{\"layers\":[1,2,3]}".repeat(50), "w.bin", "0123456789", "sub/x.txt", "xyz");
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Path file = write(bytes);
            try (ZipArchive archive = ZipArchive.open(file, LIMITS)) {
                for (ZipEntryInfo entry : archive.entries()) {
                    archive.read(entry, 1 << 20);
                }
            } catch (EcdkitException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void anEntryLargerThanACallerReadsWholeIsRefusedBeforeReading() throws Exception {
        Path file = write(zip("weights.bin", "w".repeat(100_000)));
        try (ZipArchive archive = ZipArchive.open(file, LIMITS)) {
            ZipEntryInfo entry = archive.entry("weights.bin").orElseThrow();
            EcdkitException e = assertThrows(EcdkitException.class, () -> archive.read(entry, 65_536));
            assertEquals(file + ": weights.bin: 100000 bytes, more than the 65536 ecdkit reads of such an entry", e.getMessage());
            assertEquals(100_000, archive.read(entry, 1 << 20).length);
        }
    }

    /** A large entry declaring a thousand times its compressed size is refused from the directory alone. */
    @Test
    void aLargeEntryFarMoreCompressedThanAnyModelIsABomb() throws Exception {
        byte[] bytes;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            out.putNextEntry(new ZipEntry("zeros.onnx"));
            out.write(new byte[20 << 20]);
            out.putNextEntry(new ZipEntry("small-zeros.txt"));
            out.write(new byte[1 << 20]);
        }
        bytes = buffer.toByteArray();
        Path file = write(bytes);
        EcdkitException e = assertThrows(EcdkitException.class, () -> ZipArchive.open(file, ZipLimits.MODEL_PACKAGES));
        assertTrue(e.getMessage().startsWith(file + ": zeros.onnx: declares 20,971,520 bytes from "), e.getMessage());
        // Below the 16 MiB floor, text and zeros may compress as well as they like.
        Path small = Files.write(dir.resolve("small.zip"), zip("notes.txt", "0".repeat(1 << 20)));
        try (ZipArchive archive = ZipArchive.open(small, ZipLimits.MODEL_PACKAGES)) {
            assertEquals(1, archive.entries().size());
        }
    }
}
