package org.ecdkit.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.fixture.Gdal;
import org.ecdkit.raster.fixture.GeoTiffFixture;
import org.ecdkit.raster.io.ChunkCache;
import org.ecdkit.remote.fixture.InProcessS3;
import org.ecdkit.remote.fixture.RangeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COG read from an HTTP server and from S3 reads as the same file read locally, fetching only the
 * tiles a window needs; servers and stores that refuse or misbehave end in one line naming the URL.
 */
class RemoteRasterTest {

    static final int WIDTH = 1536;
    static final int HEIGHT = 1024;
    static final int BLOCK = 256;

    @TempDir
    Path dir;

    /**
     * A 3-band COG written by GDAL whose 256-pixel tiles hold noise, so none compresses below a chunk
     * of the remote cache: every tile is then exactly one request, which the test can count.
     */
    Path cog() throws Exception {
        Random random = new Random(7);
        byte[] noise = new byte[WIDTH * HEIGHT * 3];
        random.nextBytes(noise);
        Path plain = GeoTiffFixture.of(WIDTH, HEIGHT, 3, SampleType.UINT8, (x, y, b) -> noise[(b * HEIGHT + y) * WIDTH + x] & 0xFF)
                .epsg(32611, 500000, 4100000, 0.5).write(dir.resolve("plain.tif"));
        Path cog = Gdal.translate(plain, dir.resolve("scene.tif"), "-of", "COG", "-co", "BLOCKSIZE=" + BLOCK, "-co", "COMPRESS=DEFLATE",
                "-co", "OVERVIEWS=NONE");
        Files.delete(plain);
        return cog;
    }

    static float[] window(RasterSource source, Window window) {
        float[] values = new float[3 * (int) window.pixels()];
        source.read(window, new int[] {0, 1, 2}, values);
        return values;
    }

    @Test
    void aCogOverHttpReadsAsTheLocalFileFetchingOnlyTheTilesAWindowNeeds() throws Exception {
        Gdal.require();
        Path cog = cog();
        try (RangeServer server = new RangeServer(dir); RasterSource local = RasterSources.open(cog);
                RasterSource remote = RasterSources.open(server.url("scene.tif"))) {
            assertEquals(server.url("scene.tif"), remote.name());
            assertEquals(WIDTH, remote.width());
            assertEquals("EPSG:32611", remote.geoReference().crs().orElseThrow().name());
            assertTrue(remote.files().isEmpty(), "a remote raster has no local files to protect");
            server.reset();
            // Columns 600 to 899 and rows 300 to 559: tile columns 2 and 3, tile rows 1 and 2: four tiles.
            Window window = new Window(600, 300, 300, 260);
            assertArrayEquals(window(local, window), window(remote, window));
            List<long[]> ranges = server.ranges();
            assertEquals(4, ranges.size(), "one request per tile the window touches");
            for (long[] range : ranges) {
                assertTrue(range[1] - range[0] + 1 >= ChunkCache.CHUNK, "a tile's request, not a directory's");
            }
            assertTrue(server.bytesServed() < Files.size(cog) / 5, server.bytesServed() + " of " + Files.size(cog) + " bytes");
            // Read again: the tiles are in the decoded-block cache, so nothing more is fetched.
            window(remote, window);
            assertEquals(4, server.ranges().size());
            // The whole image reads the same as the local file.
            assertArrayEquals(window(local, local.bounds()), window(remote, remote.bounds()));
        }
    }

    @Test
    void serversThatRefuseOrIgnoreRangesAreNamedInOneLine() throws Exception {
        Gdal.require();
        cog();
        try (RangeServer server = new RangeServer(dir)) {
            server.behave(RangeServer.Behaviour.IGNORES_RANGE);
            String url = server.url("scene.tif");
            EcdkitException e = assertThrows(UnsupportedInputException.class, () -> RasterSources.open(url).close());
            assertTrue(e.getMessage().startsWith(url + ": the server ignores range requests"), e.getMessage());
            assertTrue(e.getMessage().contains("download it first"), e.getMessage());
            server.behave(RangeServer.Behaviour.FORBIDDEN);
            e = assertThrows(StorageException.class, () -> RasterSources.open(url).close());
            assertTrue(e.getMessage().equals("cannot read " + url + ": HTTP 403 Forbidden"), e.getMessage());
            server.behave(RangeServer.Behaviour.RANGES);
            e = assertThrows(StorageException.class, () -> RasterSources.open(server.url("missing.tif")).close());
            assertTrue(e.getMessage().contains("HTTP 404 Not Found (no such object)"), e.getMessage());
            // The object replaced between reads: its ETag no longer matches, and the read says so.
            try (RasterSource remote = RasterSources.open(url)) {
                Files.setLastModifiedTime(dir.resolve("scene.tif"), java.nio.file.attribute.FileTime.fromMillis(1000));
                e = assertThrows(StorageException.class, () -> window(remote, new Window(0, 0, 10, 10)));
                assertTrue(e.getMessage().contains("changed while it was being read"), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void aCogInS3ReadsAsTheLocalFileAndAnObjectRemovedMidRunIsNamed() throws Exception {
        Gdal.require();
        Path cog = cog();
        try (InProcessS3 s3 = new InProcessS3("imagery")) {
            new S3Store().upload(cog, "s3://imagery/ortho/scene.tif");
            try (RasterSource local = RasterSources.open(cog); RasterSource remote = RasterSources.open("s3://imagery/ortho/scene.tif")) {
                assertEquals("s3://imagery/ortho/scene.tif", remote.name());
                Window window = new Window(100, 700, 700, 300);
                assertArrayEquals(window(local, window), window(remote, window));
                s3.blobs().removeBlob("imagery", "ortho/scene.tif");
                EcdkitException e = assertThrows(StorageException.class, () -> window(remote, new Window(1300, 0, 200, 200)));
                assertTrue(e.getMessage().startsWith("cannot read s3://imagery/ortho/scene.tif: HTTP 404"), e.getMessage());
                assertTrue(e.getMessage().contains("no such object, or it was removed"), e.getMessage());
            }
            EcdkitException missing = assertThrows(StorageException.class, () -> RasterSources.open("s3://imagery/none.tif"));
            assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
            System.setProperty("aws.secretAccessKey", "wrong");
            EcdkitException denied = assertThrows(StorageException.class, () -> RasterSources.open("s3://imagery/ortho/x.tif"));
            assertTrue(denied.getMessage().contains("HTTP 403"), denied.getMessage());
        }
    }
}
