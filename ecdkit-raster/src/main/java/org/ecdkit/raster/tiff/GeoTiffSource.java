package org.ecdkit.raster.tiff;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.raster.CoordinateSystem;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RpcCoefficients;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.gdal.PamDataset;
import org.ecdkit.raster.gdal.WorldFile;
import org.ecdkit.raster.io.BlockCache;
import org.ecdkit.raster.io.ByteRanges;

/**
 * A GeoTIFF (or BigTIFF) read lazily: opening reads the first image directory and checks where
 * every strip or tile lies; windows decode only the blocks they touch, through a cache bounded in
 * bytes. Strips and tiles; pixel- or band-interleaved; 1 to 64-bit samples; every lossless compression
 * GDAL writes but LERC, with or without predictor, and JPEG and WebP.
 */
public final class GeoTiffSource implements RasterSource {

    /**
     * Decoded blocks kept for reuse by overlapping windows: an eighth of the heap, from 8 to 96 MiB.
     * A smaller cache costs re-decoding, never correctness.
     */
    public static final long DEFAULT_CACHE_BYTES = Math.max(8L << 20, Math.min(96L << 20, Runtime.getRuntime().maxMemory() / 8));

    private static final Pattern BAND_DESCRIPTION = Pattern.compile(
            "<Item\\s+name=\"DESCRIPTION\"\\s+sample=\"(\\d+)\"\\s+role=\"description\"\\s*>([^<]*)</Item>");

    private final TiffFile file;
    private final TiffImage image;
    private final OptionalDouble nodata;
    private final OptionalInt alpha;
    /**
     * GDAL's mask, where there is one: a directory of the same file (NewSubfileType 4, as GDAL writes
     * with JPEG) or an external {@code IN.tif.msk}; one band of the raster's size whose 0s are no data.
     */
    private GeoTiffSource mask;
    /** Whether this source closes the file: a mask read from another directory of the same file does not. */
    private boolean ownsFile = true;
    private final GeoReference geoReference;
    private final List<String> descriptions;
    private final SampleDecoder decoder;
    private final BlockCache cache;
    /** How the blocks decode. */
    private final BlockCodec codec;

    private GeoTiffSource(TiffFile file, TiffImage image, OptionalDouble nodata, OptionalInt alpha, GeoReference geoReference,
            List<String> descriptions, BlockCodec codec, long cacheBytes) {
        this.file = file;
        this.codec = codec;
        this.image = image;
        this.nodata = nodata;
        this.alpha = alpha;
        this.geoReference = geoReference;
        this.descriptions = descriptions;
        this.decoder = SampleDecoder.of(image.type(), file.order);
        this.cache = new BlockCache(cacheBytes);
    }

    /** The external mask's own block cache: one band of bytes, small beside the raster's. */
    static final long MASK_CACHE_BYTES = 8L << 20;

    public static GeoTiffSource open(Path path) {
        return open(path, DEFAULT_CACHE_BYTES);
    }

    public static GeoTiffSource open(Path path, long cacheBytes) {
        return open(TiffFile.open(path), cacheBytes);
    }

    /**
     * A GeoTIFF that is not a local file (a COG behind HTTP or in S3), read through {@code ranges}, which
     * the source closes: only its blocks' ranges are read. Sidecars are not looked for beside it.
     */
    public static GeoTiffSource openRemote(ByteRanges ranges, long cacheBytes) {
        return open(TiffFile.openRemote(ranges), cacheBytes);
    }

    private static GeoTiffSource open(TiffFile file, long cacheBytes) {
        Path path = file.path;
        try {
            TiffDirectory directory = new TiffDirectory(file, file.firstDirectory);
            TiffImage image = TiffImage.read(directory);
            OptionalDouble nodata = nodata(directory);
            GeoReference geo = geoReference(directory);
            if (path != null && (nodata.isEmpty() || geo.transform().isEmpty() || geo.crs().isEmpty())) {
                // What the TIFF does not say, GDAL takes from its PAM sidecar, then a world file: so does ecdkit.
                PamDataset pam = PamDataset.besides(path);
                nodata = nodata.isPresent() ? nodata : pam.nodata();
                if (geo.transform().isEmpty() || geo.crs().isEmpty()) {
                    Optional<GeoTransform> transform = geo.transform().or(pam::transform).or(() -> WorldFile.besides(path));
                    Optional<CoordinateSystem> crs = geo.crs().or(pam::crs);
                    boolean supplemented = transform.isPresent() != geo.transform().isPresent()
                            || crs.isPresent() != geo.crs().isPresent();
                    // Tags that lack what was supplemented would be copied to outputs without it: encode afresh.
                    geo = new GeoReference(transform, crs, supplemented ? Optional.empty() : geo.geoTiffTags());
                }
            }
            double[] rpc = directory.doubles(TiffTag.RPC_COEFFICIENTS, RpcCoefficients.COUNT);
            if (rpc != null && rpc.length == RpcCoefficients.COUNT) {
                geo = geo.withRpc(Optional.of(new RpcCoefficients(rpc)));
            }
            GeoTiffSource source = new GeoTiffSource(file, image, nodata, alpha(directory, image.samples()), geo,
                    descriptions(directory, image.samples()), BlockCodec.of(image, directory), cacheBytes);
            if (image.compression() == Compression.WEBP) {
                refuseLossyWebp(file, image);
            }
            source.mask = internalMask(file, image);
            if (source.mask == null && path != null) {
                source.mask = externalMask(path, image);
            }
            return source;
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * The georeferencing of a TIFF held in memory (the degenerate 1 x 1 GeoTIFF inside a GeoJP2 box):
     * its first directory's GeoTIFF tags, read with the same limits as a file's. {@code origin} names
     * it in messages.
     */
    public static GeoReference geoReferenceOf(byte[] tiff, Path origin) {
        try (TiffFile file = TiffFile.open(new org.ecdkit.raster.io.ArrayRanges(origin.toString(), tiff), origin)) {
            return geoReference(new TiffDirectory(file, file.firstDirectory));
        }
    }

    /** Refuses a lossy WebP file when opened, from its first stored block, rather than after a run has begun. */
    private static void refuseLossyWebp(TiffFile file, TiffImage image) {
        for (int i = 0; i < image.byteCounts().length; i++) {
            if (!image.unstored(i)) {
                // The whole block: an alpha chunk of any size may come before the image chunk.
                int head = (int) image.byteCount(i);
                ByteBuffer bytes = file.read(image.offset(i), head, "block " + i);
                byte[] start = new byte[head];
                bytes.get(0, start);
                if (WebpBlocks.lossy(start)) {
                    throw new org.ecdkit.core.error.UnsupportedInputException(file.origin, "lossy WebP compression "
                            + WebpBlocks.LOSSY_REFUSAL);
                }
                return;
            }
        }
    }

    /** The file, as opened; null for a remote object. */
    public Path file() {
        return file.path;
    }

    @Override
    public String name() {
        return file.origin.name();
    }

    @Override
    public List<Path> files() {
        return file.path == null ? List.of() : Sidecars.of(file.path);
    }

    @Override
    public long cacheBytes() {
        return cache.capacity() + (mask == null ? 0 : mask.cacheBytes());
    }

    @Override
    public boolean unstored(Window window) {
        if (!bounds().contains(window) || window.isEmpty()) {
            return false;
        }
        int perPlane = image.blocksAcross() * image.blocksDown();
        int planes = image.bandPlanes() ? image.samples() : 1;
        for (int blockRow = window.y() / image.blockHeight(); blockRow <= (window.bottom() - 1) / image.blockHeight(); blockRow++) {
            for (int blockCol = window.x() / image.blockWidth(); blockCol <= (window.right() - 1) / image.blockWidth(); blockCol++) {
                for (int plane = 0; plane < planes; plane++) {
                    if (!image.unstored(plane * perPlane + blockRow * image.blocksAcross() + blockCol)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public int width() {
        return image.width();
    }

    @Override
    public int height() {
        return image.height();
    }

    @Override
    public int bandCount() {
        return image.samples();
    }

    @Override
    public SampleType sampleType() {
        return image.type();
    }

    @Override
    public OptionalDouble nodata() {
        return nodata;
    }

    @Override
    public OptionalInt alphaBand() {
        return alpha;
    }

    /** The first extra sample that is alpha (ExtraSamples 1, associated, or 2, unassociated); extra samples come last. */
    private static OptionalInt alpha(TiffDirectory directory, int samples) {
        long[] extra = directory.integers(TiffTag.EXTRA_SAMPLES, samples);
        for (int i = 0; i < extra.length; i++) {
            if (extra[i] == 1 || extra[i] == 2) {
                int band = samples - extra.length + i;
                return band >= 0 ? OptionalInt.of(band) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public GeoReference geoReference() {
        return geoReference;
    }

    @Override
    public List<String> bandDescriptions() {
        return descriptions;
    }

    /** How the file is laid out, for plans and messages ("tiled 256 x 256, Deflate, pixel-interleaved"). */
    public String layout() {
        return (image.tiled() ? "tiled " + image.blockWidth() + " x " + image.blockHeight()
                : "strips of " + image.blockHeight() + " rows") + ", " + Compression.name(image.compression())
                + (image.predictor() > 1 ? " with predictor " + image.predictor() : "") + ", "
                + (image.bandPlanes() ? "band" : "pixel") + "-interleaved" + (file.bigTiff ? ", BigTIFF" : "");
    }

    @Override
    public void read(Window window, int[] bands, float[] target) {
        if (!bounds().contains(window)) {
            throw new IllegalArgumentException(window + " is not inside the " + width() + " x " + height() + " raster");
        }
        int w = window.width();
        int plane = window.width() * window.height();
        if (target.length < bands.length * plane) {
            throw new IllegalArgumentException("target holds " + target.length + " values, " + bands.length * plane + " needed");
        }
        int bw = image.blockWidth();
        int bh = image.blockHeight();
        int across = image.blocksAcross();
        int perPlane = across * image.blocksDown();
        int spb = image.samplesPerBlock();
        for (int blockRow = window.y() / bh; blockRow <= (window.bottom() - 1) / bh; blockRow++) {
            int top = Math.max(window.y(), blockRow * bh);
            int bottom = Math.min(window.bottom(), blockRow * bh + image.storedRows(blockRow));
            for (int blockCol = window.x() / bw; blockCol <= (window.right() - 1) / bw; blockCol++) {
                int left = Math.max(window.x(), blockCol * bw);
                int right = Math.min(window.right(), (blockCol + 1) * bw);
                for (int b = 0; b < bands.length; b++) {
                    int band = bands[b];
                    int index = (image.bandPlanes() ? band * perPlane : 0) + blockRow * across + blockCol;
                    byte[] block = cache.get(index, this::decode);
                    int sample = image.bandPlanes() ? 0 : band;
                    for (int y = top; y < bottom; y++) {
                        int first = ((y - blockRow * bh) * bw + (left - blockCol * bw)) * spb + sample;
                        int at = b * plane + (y - window.y()) * w + (left - window.x());
                        decoder.decode(block, first, spb, right - left, target, at);
                    }
                }
            }
        }
    }

    private byte[] decode(int index) {
        int perPlane = image.blocksAcross() * image.blocksDown();
        int blockRow = (index % perPlane) / image.blocksAcross();
        int rows = image.storedRows(blockRow);
        int spb = image.samplesPerBlock();
        int expected = image.packed() ? rows * image.storedRowBytes() : image.blockWidth() * rows * spb * image.type().bytes();
        long offset = image.offset(index);
        long count = image.byteCount(index);
        if (offset == 0 && count == 0) {
            return new byte[image.blockWidth() * rows * spb * image.type().bytes()];
        }
        ByteBuffer stored = file.read(offset, (int) count, (image.tiled() ? "tile " : "strip ") + index);
        byte[] data = stored.hasArray() && stored.arrayOffset() == 0 && stored.array().length == count
                ? stored.array() : java.util.Arrays.copyOfRange(stored.array(), stored.arrayOffset(), stored.arrayOffset() + (int) count);
        byte[] block;
        try {
            block = codec.decode(data, image.blockWidth(), rows, spb, expected);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file.origin.at(offset, ""),
                    (image.tiled() ? "tile " : "strip ") + index + ": " + e.getMessage());
        }
        if (image.packed()) {
            return BitUnpacking.unpack(block, rows, image.blockWidth() * spb, image.bits(), image.storedRowBytes(),
                    image.type().bytes(), file.order);
        }
        Predictor.undo(image.predictor(), block, image.blockWidth(), rows, spb, image.type().bytes(), file.order);
        return block;
    }

    private static OptionalDouble nodata(TiffDirectory directory) {
        String text = directory.ascii(TiffTag.GDAL_NODATA, 64);
        if (text == null || text.isBlank()) {
            return OptionalDouble.empty();
        }
        String value = text.trim();
        try {
            return OptionalDouble.of(value.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(directory.file().origin.at(directory.offset(), "GDAL_NODATA"),
                    "\"" + value + "\" is not a number");
        }
    }

    private static GeoReference geoReference(TiffDirectory directory) {
        double[] scale = directory.doubles(TiffTag.MODEL_PIXEL_SCALE, 3);
        double[] tiepoints = directory.doubles(TiffTag.MODEL_TIEPOINT, 6 * 1024);
        double[] transformation = directory.doubles(TiffTag.MODEL_TRANSFORMATION, 16);
        long[] keys = directory.integers(TiffTag.GEO_KEY_DIRECTORY, 4 * 1024);
        double[] doubles = directory.doubles(TiffTag.GEO_DOUBLE_PARAMS, 1024);
        String ascii = directory.ascii(TiffTag.GEO_ASCII_PARAMS, 1 << 16);
        if (keys.length == 0 && scale == null && tiepoints == null && transformation == null) {
            return GeoReference.NONE;
        }
        int[] keyDirectory = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keyDirectory[i] = (int) keys[i];
        }
        GeoTiffTags tags = new GeoTiffTags(scale, tiepoints, transformation, keys.length == 0 ? null : keyDirectory,
                doubles, ascii);
        return new GeoReference(tags.transform(), tags.coordinateSystem(), Optional.of(tags));
    }

    private static List<String> descriptions(TiffDirectory directory, int samples) {
        List<String> result = new ArrayList<>(java.util.Collections.nCopies(samples, ""));
        String metadata = directory.ascii(TiffTag.GDAL_METADATA, 1 << 20);
        if (metadata != null) {
            Matcher matcher = BAND_DESCRIPTION.matcher(metadata);
            while (matcher.find()) {
                int sample = Integer.parseInt(matcher.group(1));
                if (sample >= 0 && sample < samples) {
                    result.set(sample, matcher.group(2).trim());
                }
            }
        }
        return List.copyOf(result);
    }

    @Override
    public void close() {
        if (ownsFile) {
            file.close();
        }
        if (mask != null) {
            mask.close();
        }
    }

    @Override
    public boolean hasMask() {
        return mask != null;
    }

    @Override
    public void readMask(Window window, float[] target) {
        if (mask == null) {
            throw new UnsupportedOperationException(name() + " has no mask");
        }
        mask.read(window, new int[] {0}, target);
    }

    /**
     * The most directories looked through for an internal mask: GDAL puts it right after the image's,
     * before overviews and their masks, so a file with more pages than this (a multi-page TIFF) is read
     * without looking further.
     */
    private static final int MAX_DIRECTORIES = 256;
    /** NewSubfileType's bits: 1, a reduced-resolution image (overview); 4, a transparency mask. */
    private static final long REDUCED_RESOLUTION = 1;
    private static final long TRANSPARENCY_MASK = 4;

    /**
     * The full-resolution mask among the file's directories, opened over the same file; null where
     * there is none. A directory chain that loops is an error, never a hang.
     */
    private static GeoTiffSource internalMask(TiffFile file, TiffImage image) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long offset = file.nextDirectory(file.firstDirectory);
        seen.add(file.firstDirectory);
        while (offset != 0) {
            if (!seen.add(offset)) {
                throw file.invalid(offset, "the chain of image directories loops back on itself (corrupt?)");
            }
            if (seen.size() > MAX_DIRECTORIES) {
                return null;
            }
            TiffDirectory directory = new TiffDirectory(file, offset);
            long kind = directory.integer(TiffTag.NEW_SUBFILE_TYPE, 0);
            if ((kind & TRANSPARENCY_MASK) != 0 && (kind & REDUCED_RESOLUTION) == 0) {
                TiffImage maskImage = TiffImage.read(directory);
                if (maskImage.width() != image.width() || maskImage.height() != image.height() || maskImage.samples() != 1) {
                    throw file.invalid(offset, "a mask of " + maskImage.width() + " x " + maskImage.height() + " pixels and "
                            + maskImage.samples() + " bands for a raster of " + image.width() + " x " + image.height());
                }
                GeoTiffSource mask = new GeoTiffSource(file, maskImage, OptionalDouble.empty(), OptionalInt.empty(), GeoReference.NONE,
                        List.of(""), BlockCodec.of(maskImage, directory), MASK_CACHE_BYTES);
                mask.ownsFile = false;
                return mask;
            }
            offset = file.nextDirectory(offset);
        }
        return null;
    }

    /** The mask GDAL keeps beside {@code path} ({@code .msk}, either case), opened; null where there is none. */
    private static GeoTiffSource externalMask(Path path, TiffImage image) {
        Path name = path.getFileName();
        if (name == null) {
            return null;
        }
        for (String suffix : List.of(".msk", ".MSK")) {
            Path msk = path.resolveSibling(name + suffix);
            if (java.nio.file.Files.isRegularFile(msk)) {
                GeoTiffSource mask = open(msk, MASK_CACHE_BYTES);
                if (mask.width() != image.width() || mask.height() != image.height()) {
                    mask.close();
                    throw new InvalidInputException(Place.of(msk), "a mask of " + mask.width() + " x " + mask.height()
                            + " pixels for a raster of " + image.width() + " x " + image.height());
                }
                return mask;
            }
        }
        return null;
    }

    @Override
    public String summary() {
        String crs = ", " + geoReference().describe();
        String nodataText = nodata().isPresent() ? ", nodata " + number(nodata().getAsDouble()) : "";
        return width() + " x " + height() + ", " + bandCount() + (bandCount() == 1 ? " band" : " bands") + " of "
                + sampleType().gdalName() + " (" + layout() + ")" + nodataText + crs;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
