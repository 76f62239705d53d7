package org.ecdkit.raster.tiff;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and hostile TIFFs end in one line naming the file, when opened: before any pixel is used. */
class GeoTiffBadInputTest {

    @TempDir
    Path dir;

    private String refusal(Path file) {
        EcdkitException e = assertThrows(EcdkitException.class, () -> GeoTiffSource.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private Path fixture() throws Exception {
        return GeoTiffFixture.of(100, 80, 3, SampleType.UINT8, (x, y, b) -> x).strips(10).write(dir.resolve("in.tif"));
    }

    @Test
    void aFileThatIsNotATiffIsSaidToBeNone() throws Exception {
        Path png = Files.write(dir.resolve("image.tif"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        assertTrue(refusal(png).endsWith("not a TIFF file (it does not start with II or MM)"));
        Path tiny = Files.write(dir.resolve("tiny.tif"), new byte[] {'I', 'I'});
        assertTrue(refusal(tiny).contains("too short for a TIFF header"));
    }

    @Test
    void aFileTruncatedMidStripIsRefusedWhenOpened() throws Exception {
        long size = Files.size(fixture());
        Path cut = GeoTiffFixture.of(100, 80, 3, SampleType.UINT8, (x, y, b) -> x).strips(10)
                .truncateAt(size / 2).write(dir.resolve("cut.tif"));
        String message = refusal(cut);
        assertTrue(message.contains("past the end of the file") || message.contains("outside the file"), message);
    }

    @Test
    void aTileOffsetPastTheEndIsRefusedWithItsOffset() throws Exception {
        Path file = GeoTiffFixture.of(128, 128, 1, SampleType.UINT8, (x, y, b) -> y).tiled(64).write(dir.resolve("t.tif"));
        // Point the second tile far beyond the end: rewrite the TileOffsets value.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            TiffFile tiff = TiffFile.open(file);
            TiffEntry offsets = tiff.readDirectory(tiff.firstDirectory).get(TiffTag.TILE_OFFSETS);
            tiff.close();
            ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_0000).flip();
            channel.write(value, offsets.offset() + 4);
        }
        String message = refusal(file);
        assertTrue(message.contains("at byte 2147418112") && message.contains("tile 1"), message);
    }

    @Test
    void unsupportedCompressionsNameThemselvesAndAWayOut() throws Exception {
        Gdal.require();
        Path lerc = Gdal.translate(fixture(), dir.resolve("lerc.tif"), "-co", "COMPRESS=LERC");
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> GeoTiffSource.open(lerc));
        assertTrue(e.getMessage().contains("compression LERC is not supported") && e.getMessage().contains("gdal_translate"), e.getMessage());
    }

    /** A ZSTD or LZMA block whose header was damaged, or whose end is missing, is refused in one line naming the block. */
    @ParameterizedTest
    @ValueSource(strings = {"ZSTD", "LZMA"})
    void damagedZstdAndLzmaBlocksAreRefusedWhenRead(String compression) throws Exception {
        Gdal.require();
        Path good = Gdal.translate(GeoTiffFixture.of(64, 64, 1, SampleType.UINT8, (x, y, b) -> (x * 7 + y * 13) % 251)
                .write(dir.resolve("plain.tif")), dir.resolve("good.tif"), "-co", "COMPRESS=" + compression, "-co", "TILED=YES",
                "-co", "BLOCKXSIZE=64", "-co", "BLOCKYSIZE=64");
        TiffFile tiff = TiffFile.open(good);
        var directory = tiff.readDirectory(tiff.firstDirectory);
        // One tile: its offset and byte count are inline in their entries (LONG, little-endian as GDAL writes).
        int start = ByteBuffer.wrap(directory.get(TiffTag.TILE_OFFSETS).inline()).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int length = ByteBuffer.wrap(directory.get(TiffTag.TILE_BYTE_COUNTS).inline()).order(ByteOrder.LITTLE_ENDIAN).getInt();
        tiff.close();
        byte[] bytes = Files.readAllBytes(good);
        assertTrue(length > 16 && start + length <= bytes.length, start + " + " + length);
        // Damaged: the stream's header flipped. (GDAL writes ZSTD frames without a checksum, so damage in
        // their literals gives wrong pixels that no reader can tell; that is the format's, not a decoder's.)
        byte[] damaged = bytes.clone();
        for (int i = start + 4; i < start + 8; i++) {
            damaged[i] ^= 0x5A;
        }
        // Cut short: the second half of the stream zeroed, as a copy that stopped halfway leaves it.
        byte[] cut = bytes.clone();
        java.util.Arrays.fill(cut, start + length / 2, start + length, (byte) 0);
        for (byte[] variant : List.of(damaged, cut)) {
            Path file = Files.write(dir.resolve("bad.tif"), variant);
            try (GeoTiffSource source = GeoTiffSource.open(file)) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> source.read(source.bounds(), new int[] {0}, new float[64 * 64]));
                assertTrue(e.getMessage().contains("tile 0: the " + compression + " stream"), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void corruptCompressedDataIsRefusedWhenRead() throws Exception {
        Path file = GeoTiffFixture.of(64, 64, 1, SampleType.UINT8, (x, y, b) -> x * y).tiled(64).deflate().write(dir.resolve("d.tif"));
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 20; i < 40; i++) {
            bytes[i] ^= 0x5A;
        }
        Files.write(file, bytes);
        try (GeoTiffSource source = GeoTiffSource.open(file)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> source.read(source.bounds(), new int[] {0}, new float[64 * 64]));
            assertTrue(e.getMessage().contains("tile 0: "), e.getMessage());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedTiffsNeverEscapeAsAnythingButEcdkitErrors() throws Exception {
        mutate(Files.readAllBytes(GeoTiffFixture.of(96, 64, 2, SampleType.UINT16, (x, y, b) -> x + y)
                .tiled(32).deflate().write(dir.resolve("whole.tif"))), 1500);
    }

    /** The same for blocks the pure-Java ZSTD and LZMA decoders read: no other exception, no hang. */
    @ParameterizedTest
    @ValueSource(strings = {"ZSTD", "LZMA"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mutatedZstdAndLzmaTiffsNeverEscapeAsAnythingButEcdkitErrors(String compression) throws Exception {
        Gdal.require();
        Path whole = Gdal.translate(GeoTiffFixture.of(96, 64, 2, SampleType.UINT16, (x, y, b) -> (x * y + b) % 3000)
                .write(dir.resolve("plain.tif")), dir.resolve("whole.tif"), "-co", "COMPRESS=" + compression, "-co", "TILED=YES",
                "-co", "BLOCKXSIZE=32", "-co", "BLOCKYSIZE=32");
        mutate(Files.readAllBytes(whole), 700);
    }

    private void mutate(byte[] whole, int rounds) throws Exception {
        Random random = new Random(42);
        Path file = dir.resolve("mutated.tif");
        for (int round = 0; round < rounds; round++) {
            byte[] mutated = whole.clone();
            for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            Files.write(file, mutated);
            try (GeoTiffSource source = GeoTiffSource.open(file)) {
                if ((long) source.bandCount() * source.width() * source.height() > 1 << 20) {
                    continue; // A mutated size: the reader accepted it lazily; reading it all is this test's own cost.
                }
                source.read(source.bounds(), java.util.stream.IntStream.range(0, source.bandCount()).toArray(),
                        new float[source.bandCount() * source.width() * source.height()]);
            } catch (EcdkitException e) {
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    /** A chain of image directories that points back at the first is refused when opened, not followed forever. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDirectoryChainThatLoopsIsRefused() throws Exception {
        Path file = GeoTiffFixture.of(20, 10, 1, SampleType.UINT8, (x, y, b) -> x).write(dir.resolve("loop.tif"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(bytes[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int first = header.getInt(4);
        int next = first + 2 + 12 * (header.getShort(first) & 0xFFFF);
        ByteBuffer looped = ByteBuffer.allocate(Math.max(bytes.length, next + 4)).order(header.order());
        looped.put(bytes);
        looped.putInt(next, first);
        Files.write(file, looped.array());
        String message = refusal(file);
        assertTrue(message.contains("the chain of image directories loops back on itself"), message);
    }
}
