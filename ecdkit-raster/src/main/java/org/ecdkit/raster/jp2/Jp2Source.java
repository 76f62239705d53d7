package org.ecdkit.raster.jp2;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.Rectangle;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.io.FileKind;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.gdal.PamDataset;
import org.ecdkit.raster.io.BlockCache;
import org.ecdkit.raster.io.FileRanges;
import org.ecdkit.raster.tiff.GeoTiffSource;

/**
 * A JPEG 2000 image (JP2 or bare codestream: Sentinel-2 band files, orthophotos) read lazily by its
 * own tiles: a window decodes only the codestream tiles it touches, each once while it is cached, by
 * JJ2000 (jai-imageio-jpeg2000, pure Java). Georeferencing comes from the GeoJP2 box, else the GMLJP2
 * RectifiedGrid (Sentinel-2's), else the PAM sidecar GDAL writes; nodata from the sidecar.
 *
 * <p>A decoder reads the file through its own stream and is not safe to share: decoders are lent to
 * one reading thread at a time, and as many are made as threads read at once.
 */
public final class Jp2Source implements RasterSource {

    /** Blocks read from an untiled codestream (or one with huge tiles): its tile would not fit the cache. */
    static final int LARGEST_BLOCK_SIDE = 2048;
    static final int FALLBACK_BLOCK_SIDE = 1024;

    private final Path path;
    private final int width;
    private final int height;
    private final int bands;
    private final SampleType type;
    private final int blockWidth;
    private final int blockHeight;
    private final boolean tiledByCodestream;
    private final GeoReference geoReference;
    private final OptionalDouble nodata;
    private final BlockCache cache;
    private final ConcurrentLinkedQueue<ImageReader> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ImageReader> all = new ConcurrentLinkedQueue<>();

    private Jp2Source(Path path, ImageReader first, GeoReference geoReference, OptionalDouble nodata, long cacheBytes) throws IOException {
        this.path = path;
        this.width = first.getWidth(0);
        this.height = first.getHeight(0);
        SampleModel model = first.getRawImageType(0).getSampleModel();
        this.bands = model.getNumBands();
        this.type = sampleType(path, model);
        int tileWidth = first.getTileWidth(0);
        int tileHeight = first.getTileHeight(0);
        this.tiledByCodestream = tileWidth <= LARGEST_BLOCK_SIDE && tileHeight <= LARGEST_BLOCK_SIDE;
        this.blockWidth = tiledByCodestream ? Math.min(tileWidth, width) : Math.min(FALLBACK_BLOCK_SIDE, width);
        this.blockHeight = tiledByCodestream ? Math.min(tileHeight, height) : Math.min(FALLBACK_BLOCK_SIDE, height);
        this.geoReference = geoReference;
        this.nodata = nodata;
        this.cache = new BlockCache(cacheBytes);
        all.add(first);
        idle.add(first);
    }

    public static Jp2Source open(Path path) {
        return open(path, GeoTiffSource.DEFAULT_CACHE_BYTES);
    }

    public static Jp2Source open(Path path, long cacheBytes) {
        FileKind.requireRegularFile(path, "imagery");
        Jp2Boxes boxes;
        try (FileRanges ranges = FileRanges.open(path)) {
            boxes = Jp2Boxes.read(ranges, path);
        }
        GeoReference geo = boxes.geoTiff().map(tiff -> GeoTiffSource.geoReferenceOf(tiff, path))
                .or(() -> boxes.gml().flatMap(xml -> GmlJp2.read(xml, path))).orElse(GeoReference.NONE);
        PamDataset pam = PamDataset.besides(path);
        if (geo.transform().isEmpty() || geo.crs().isEmpty()) {
            Optional<GeoTransform> transform = geo.transform().or(pam::transform);
            Optional<CoordinateSystem> crs = geo.crs().or(pam::crs);
            geo = new GeoReference(transform, crs, Optional.empty());
        }
        ImageReader first = newReader(path);
        try {
            return new Jp2Source(path, first, geo, pam.nodata(), cacheBytes);
        } catch (IOException | RuntimeException e) {
            dispose(first);
            if (e instanceof UnsupportedInputException unsupported) {
                throw unsupported;
            }
            throw corrupt(path, "the codestream's header", e);
        }
    }

    private static ImageReader newReader(Path path) {
        try {
            ImageReader reader = new J2KImageReaderSpi().createReaderInstance();
            reader.setInput(new FileImageInputStream(path.toFile()), true, true);
            return reader;
        } catch (IOException e) {
            throw StorageException.of("read", path, e);
        }
    }

    private static SampleType sampleType(Path path, SampleModel model) {
        int bits = model.getSampleSize(0);
        for (int b = 1; b < model.getNumBands(); b++) {
            if (model.getSampleSize(b) != bits) {
                throw new UnsupportedInputException(Place.of(path), "components of different bit depths; convert with "
                        + "gdal_translate -of GTiff -co TILED=YES -co COMPRESS=DEFLATE " + path.getFileName() + " OUT.tif");
            }
        }
        return switch (model.getDataType()) {
            case DataBuffer.TYPE_BYTE -> SampleType.UINT8;
            case DataBuffer.TYPE_USHORT -> SampleType.UINT16;
            case DataBuffer.TYPE_SHORT -> SampleType.INT16;
            case DataBuffer.TYPE_INT -> SampleType.INT32;
            default -> throw new UnsupportedInputException(Place.of(path), bits + "-bit components of data type "
                    + model.getDataType());
        };
    }

    private static InvalidInputException corrupt(Path path, String what, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new InvalidInputException(Place.of(path), what + " cannot be decoded (" + message.lines().findFirst().orElse("").strip()
                + ")");
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public List<Path> files() {
        String name = path.getFileName().toString();
        return List.of(path, path.resolveSibling(name + ".aux.xml"), path.resolveSibling(name + ".AUX.XML"),
                path.resolveSibling(name + ".ovr"), path.resolveSibling(name + ".msk"));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int bandCount() {
        return bands;
    }

    @Override
    public SampleType sampleType() {
        return type;
    }

    @Override
    public OptionalDouble nodata() {
        return nodata;
    }

    @Override
    public GeoReference geoReference() {
        return geoReference;
    }

    @Override
    public List<String> bandDescriptions() {
        return java.util.Collections.nCopies(bands, "");
    }

    @Override
    public long cacheBytes() {
        return cache.capacity();
    }

    @Override
    public String summary() {
        return width + " x " + height + ", " + bands + (bands == 1 ? " band" : " bands") + " of " + type.gdalName() + " (JPEG 2000, "
                + (tiledByCodestream ? "tiled " : "untiled, read in blocks of ") + blockWidth + " x " + blockHeight + ")"
                + (nodata.isPresent() ? ", nodata " + nodata.getAsDouble() : "") + ", " + geoReference.describe();
    }

    @Override
    public void read(Window window, int[] bandList, float[] target) {
        if (!bounds().contains(window)) {
            throw new IllegalArgumentException(window + " is not inside the " + width + " x " + height + " raster");
        }
        int plane = window.width() * window.height();
        int across = (width + blockWidth - 1) / blockWidth;
        int bytes = type.bytes();
        for (int blockRow = window.y() / blockHeight; blockRow <= (window.bottom() - 1) / blockHeight; blockRow++) {
            for (int blockCol = window.x() / blockWidth; blockCol <= (window.right() - 1) / blockWidth; blockCol++) {
                Window block = new Window(blockCol * blockWidth, blockRow * blockHeight, Math.min(blockWidth, width - blockCol * blockWidth),
                        Math.min(blockHeight, height - blockRow * blockHeight));
                Window part = block.intersect(window);
                byte[] samples = cache.get(blockRow * across + blockCol, index -> decode(index, block));
                for (int b = 0; b < bandList.length; b++) {
                    for (int y = part.y(); y < part.bottom(); y++) {
                        int from = ((y - block.y()) * block.width() + part.x() - block.x()) * bands + bandList[b];
                        int to = b * plane + (y - window.y()) * window.width() + part.x() - window.x();
                        for (int x = 0; x < part.width(); x++, from += bands) {
                            target[to + x] = bytes == 1 ? samples[from] & 0xFF : value(samples, from * bytes);
                        }
                    }
                }
            }
        }
    }

    /** A stored 16- or 32-bit sample (little-endian, signed as the type says). */
    private float value(byte[] samples, int at) {
        return switch (type) {
            case UINT16 -> (samples[at] & 0xFF) | (samples[at + 1] & 0xFF) << 8;
            case INT16 -> (short) ((samples[at] & 0xFF) | (samples[at + 1] & 0xFF) << 8);
            default -> (samples[at] & 0xFF) | (samples[at + 1] & 0xFF) << 8 | (samples[at + 2] & 0xFF) << 16 | samples[at + 3] << 24;
        };
    }

    /** Decodes one block, pixel-interleaved, each sample in {@code type.bytes()} little-endian bytes. */
    private byte[] decode(int index, Window block) {
        ImageReader reader = borrow();
        Raster raster;
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(block.x(), block.y(), block.width(), block.height()));
            raster = reader.readRaster(0, param);
        } catch (IOException | RuntimeException e) {
            throw corrupt(path, "block " + index + " (" + block + ")", e);
        } finally {
            idle.add(reader);
        }
        int[] values = raster.getPixels(raster.getMinX(), raster.getMinY(), block.width(), block.height(), (int[]) null);
        int bytes = type.bytes();
        byte[] samples = new byte[values.length * bytes];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < bytes; k++) {
                samples[i * bytes + k] = (byte) (values[i] >> (8 * k));
            }
        }
        return samples;
    }

    private ImageReader borrow() {
        ImageReader reader = idle.poll();
        if (reader == null) {
            reader = newReader(path);
            all.add(reader);
        }
        return reader;
    }

    private static void dispose(ImageReader reader) {
        Object input = reader.getInput();
        reader.dispose();
        if (input instanceof FileImageInputStream stream) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Opened for reading only: closing cannot lose anything.
            }
        }
    }

    @Override
    public void close() {
        ImageReader reader;
        while ((reader = all.poll()) != null) {
            dispose(reader);
        }
        idle.clear();
    }
}
