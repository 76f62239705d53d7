package org.ecdkit.raster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.FileKind;
import org.ecdkit.core.io.FileSignature;
import org.ecdkit.raster.io.ByteRanges;
import org.ecdkit.raster.io.ChunkCache;
import org.ecdkit.raster.io.RemoteStore;

/**
 * Opens rasters for reading: the format is told from the file's first bytes by asking each
 * {@link RasterFormat} on the class path. A file no format recognises is refused with what it looks
 * like, when that can be told, and how to make it readable.
 */
public final class RasterSources {

    /** Bytes of a file's start that formats recognise it by. */
    public static final int HEAD_BYTES = 1024;

    private RasterSources() {
    }

    /** The formats on the class path, in service-file order. */
    public static List<RasterFormat> formats() {
        List<RasterFormat> formats = new ArrayList<>();
        ServiceLoader.load(RasterFormat.class, RasterSources.class.getClassLoader()).forEach(formats::add);
        return formats;
    }

    /** Whether {@code location} is a URL ("https://...", "s3://...") rather than a local path. */
    public static boolean isRemote(String location) {
        return location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    }

    /**
     * Opens {@code location}: a URL that a {@link RemoteStore} on the class path reads (https, http, s3
     * with ecdkit-remote), whose format is told from its first bytes as a file's is, or a local path.
     */
    public static RasterSource open(String location) {
        if (!isRemote(location)) {
            return open(Path.of(location));
        }
        RemoteStore store = ServiceLoader.load(RemoteStore.class, RasterSources.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(s -> s.handles(location)).findFirst()
                .orElseThrow(() -> new UnsupportedInputException(Place.remote(location), "ecdkit reads no such location (it "
                        + "reads local files, and https://, http:// and s3:// URLs when ecdkit-remote is installed)"));
        ByteRanges ranges = new ChunkCache(store.open(location), REMOTE_CHUNK_BYTES);
        try {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD_BYTES, ranges.size()));
            ranges.read(head, 0);
            for (RasterFormat format : formats()) {
                if (format.recognises(head.array())) {
                    return format.open(ranges, org.ecdkit.raster.tiff.GeoTiffSource.DEFAULT_CACHE_BYTES);
                }
            }
            throw new InvalidInputException(Place.remote(location), "not a raster format ecdkit reads from a URL (it reads "
                    + "Cloud Optimized GeoTIFFs and other tiled GeoTIFFs)");
        } catch (IOException e) {
            ranges.close();
            throw StorageException.of("read", location, e);
        } catch (RuntimeException e) {
            ranges.close();
            throw e;
        }
    }

    /** The memory kept of a remote raster's small reads (its header and directories). */
    static final long REMOTE_CHUNK_BYTES = 16L << 20;

    /**
     * Opens {@code path}: a raster file of any format on the class path, a Sentinel-2 product's folder
     * (its 10 m bands), or a folder of tiles, read as one mosaic ({@link org.ecdkit.raster.mosaic.TileFolder}).
     */
    public static RasterSource open(Path path) {
        if (Files.isDirectory(path)) {
            Optional<Path> product = org.ecdkit.raster.sentinel2.SafeProduct.metadataIn(path);
            return product.isPresent() ? org.ecdkit.raster.sentinel2.SafeProduct.open(product.get())
                    : org.ecdkit.raster.mosaic.TileFolder.open(path);
        }
        return open(path, -1);
    }

    /** Opens the raster file {@code path} with a cache of about {@code cacheBytes} (the format's default when negative). */
    public static RasterSource open(Path path, long cacheBytes) {
        FileKind.requireRegularFile(path, "imagery");
        byte[] head = head(path);
        List<RasterFormat> formats = formats();
        for (RasterFormat format : formats) {
            if (format.recognises(head)) {
                return cacheBytes < 0 ? format.open(path) : format.open(path, cacheBytes);
            }
        }
        String readable = String.join(", ", formats.stream().map(RasterFormat::name).toList());
        if (head.length == 0) {
            throw new InvalidInputException(Place.of(path), "an empty file (0 bytes), not imagery");
        }
        String looks = looksLike(head);
        String problem = (looks.isEmpty() ? "not a raster format ecdkit reads" : "this looks like " + looks + ", which ecdkit does not read")
                + " (it reads " + readable + "); convert it with gdal_translate -of GTiff -co TILED=YES -co COMPRESS=DEFLATE "
                + path.getFileName() + " OUT.tif";
        if (looks.isEmpty()) {
            throw new InvalidInputException(Place.of(path), problem);
        }
        throw new UnsupportedInputException(Place.of(path), problem);
    }

    private static byte[] head(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw StorageException.of("read", path, e);
        }
    }

    /** What a file that no format recognises seems to be, from its first bytes; empty when unknown. */
    static String looksLike(byte[] head) {
        Optional<String> binary = FileSignature.kindOf(head);
        if (binary.isPresent()) {
            return binary.get();
        }
        String text = new String(head, 0, Math.min(head.length, 256), StandardCharsets.ISO_8859_1).stripLeading();
        if (text.startsWith("<VRTDataset")) {
            return "a GDAL virtual raster (VRT)";
        }
        if (text.startsWith("{")) {
            return "JSON text";
        }
        return "";
    }
}
