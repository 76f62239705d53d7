package org.ecdkit.interop.dlpk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.error.ExitCode;
import org.ecdkit.core.error.ResourceException;
import org.ecdkit.interop.DescriptionFormat;
import org.ecdkit.interop.ModelDescription;
import org.ecdkit.interop.ModelDescriptions;
import org.ecdkit.interop.ModelLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken packages: refused in one line, and nothing written outside, or left behind. */
class DlpkReaderTest {

    private static final String EMD = "{\"Framework\": \"ONNX\", \"ModelFile\": \"model.onnx\", \"ExtractBands\": [0, 1, 2],"
            + " \"Classes\": [{\"Value\": 1, \"Name\": \"a\", \"Color\": [1, 2, 3]}]}";

    @TempDir
    Path dir;

    private static byte[] zip(String... namesAndContents) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Path dlpk(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("package.dlpk"), bytes);
    }

    private static int centralHeader(byte[] zip, String name) {
        for (int i = 0; i + 46 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
                    && new String(zip, i + 46, name.length(), StandardCharsets.UTF_8).equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void aPackageIsReadFromItsEmdAlone() throws Exception {
        Path file = dlpk(zip("m.emd", EMD, "model.onnx", "onnx bytes"));
        ModelDescription description = ModelDescriptions.read(file);
        assertEquals(DescriptionFormat.DLPK, description.format());
        assertEquals(3, description.classInfo().numberRasterBands());
        assertEquals(new ModelLocation.InPackage(file, "model.onnx"), description.model());
    }

    @Test
    void anEntryClimbingOutIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = dlpk(zip("m.emd", EMD, "model.onnx", "x", "../../escaped.txt", "owned"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelDescriptions.model(file, dir.resolve("out")));
        assertTrue(e.getMessage().endsWith("../../escaped.txt: a path that climbs out of the archive (\"..\")"), e.getMessage());
        assertFalse(Files.exists(dir.getParent().resolve("escaped.txt")));
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aLinkIsRefusedAndThePartialExtractionRemoved() throws Exception {
        byte[] bytes = zip("m.emd", EMD, "model.onnx", "x", "link", "/etc/passwd");
        int header = centralHeader(bytes, "link");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(header + 4, (short) (3 << 8 | 20))
                .putInt(header + 38, 0120777 << 16);
        Path file = dlpk(bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DlpkReader.extract(file, "model.onnx", dir.resolve("out")));
        assertTrue(e.getMessage().endsWith("link: a symbolic link; ecdkit does not follow links inside archives"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        assertFalse(Files.exists(dir.resolve(".out.extracting")));
    }

    @Test
    void contentBeyondItsDeclaredSizeIsNotInflated() throws Exception {
        byte[] bytes = zip("m.emd", EMD, "model.onnx", "0".repeat(1 << 20));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(centralHeader(bytes, "model.onnx") + 24, 100);
        Path file = dlpk(bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DlpkReader.extract(file, "model.onnx", dir.resolve("out")));
        assertTrue(e.getMessage().endsWith("model.onnx: inflates to more than the 100 bytes the directory declares"));
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void anEmdClaimingGigabytesIsNotRead() throws Exception {
        byte[] bytes = zip("m.emd", EMD, "model.onnx", "x");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(centralHeader(bytes, "m.emd") + 24, 0x7FFFFFFF);
        EcdkitException e = assertThrows(EcdkitException.class, () -> ModelDescriptions.read(dlpk(bytes)));
        // Refused from the directory already: 2 GiB from 113 compressed bytes is no EMD.
        assertTrue(e.getMessage().endsWith("m.emd: declares 2,147,483,647 bytes from 113 compressed (19,004,280 times), "
                + "more than the 100 times ecdkit accepts: a zip bomb, or a file of zeros"), e.getMessage());
    }

    @Test
    void packagesWithoutOrWithSeveralDefinitionsAreRefused() throws Exception {
        assertTrue(assertThrows(InvalidInputException.class, () -> ModelDescriptions.model(dlpk(zip("a.emd", EMD, "b.emd", EMD)),
                dir)).getMessage().endsWith("several model definitions (a.emd, b.emd); a package holds one"));
        Path other = Files.write(dir.resolve("other.dlpk"), zip("readme.txt", "hello"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ModelDescriptions.read(other)).getMessage()
                .endsWith("a zip without a .emd: not an Esri deep learning package"));
        Path missing = dlpk(zip("m.emd", EMD));
        assertTrue(assertThrows(InvalidInputException.class, () -> ModelDescriptions.read(missing)).getMessage()
                .endsWith("ModelFile \"model.onnx\" is not in the package"));
    }

    @Test
    void anExistingFolderWithOtherContentIsNeverOverwritten() throws Exception {
        Path file = dlpk(zip("m.emd", EMD, "model.onnx", "model bytes"));
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/model.onnx"), "someone else's model");
        UsageException e = assertThrows(UsageException.class, () -> DlpkReader.extract(file, "model.onnx", dir.resolve("out")));
        assertTrue(e.getMessage().contains("it exists and holds other files"), e.getMessage());
        assertEquals("someone else's model", Files.readString(dir.resolve("out/model.onnx")));
    }

    /** A few MB that would inflate gigabytes are refused from the central directory, before any inflating. */
    @Test
    void aZipBombIsRefusedFromItsDirectoryBeforeAnythingIsInflated() throws Exception {
        Path file = dir.resolve("bomb.dlpk");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("m.emd"));
            zip.write(EMD.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("model.onnx"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
        }
        assertTrue(Files.size(file) < 1 << 20, Files.size(file) + " bytes");
        long t0 = System.nanoTime();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelDescriptions.model(file, dir.resolve("out")));
        assertTrue(e.getMessage().contains("model.onnx: declares 268,435,456 bytes from ")
                && e.getMessage().endsWith("more than the 100 times ecdkit accepts: a zip bomb, or a file of zeros"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused without inflating");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aModelEntryThatDoesNotStartLikeAModelIsNotExtracted() throws Exception {
        Path file = dlpk(zip("m.emd", EMD, "model.onnx", "\0".repeat(4096), "inference.py", "print(1)"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelDescriptions.model(file, dir.resolve("out")));
        assertTrue(e.getMessage().endsWith("model.onnx: does not start like a model of any format ecdkit reads (its first "
                + "bytes are 00 00 00 00 00 00 00 00); nothing was extracted"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        assertFalse(Files.exists(dir.resolve(".out.extracting")));
    }

    @Test
    void aPackageThatWouldFillTheDiskIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = dlpk(zip("m.emd", EMD, "model.onnx", "x".repeat(300_000)));
        // With a little over 1 GiB free, ecdkit keeps its 1 GiB of spare room: 300 kB no longer fit.
        ResourceException e = assertThrows(ResourceException.class,
                () -> DlpkReader.extract(file, "model.onnx", dir.resolve("out"), (1L << 30) + 100_000));
        assertEquals(ExitCode.RESOURCES, e.exitCode());
        assertTrue(e.getMessage().contains("its files take 0 MiB and " + dir + " has 1,024 MiB free (ecdkit keeps 1,024 MiB"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        assertEquals(dir.resolve("out"), DlpkReader.extract(file, "model.onnx", dir.resolve("out"), 4L << 30));
    }
}
