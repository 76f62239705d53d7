package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;

/**
 * How fast ecdkit decodes the same scene stored each way GDAL writes it (Deflate, ZSTD, LZMA, JPEG,
 * lossless WebP, JPEG 2000 lossy and lossless), beside GDAL's own decoding of the same files
 * ({@code gdalinfo -checksum}, which reads every pixel): Mpixel/s over the whole image, read in
 * 512-pixel windows of all bands by one thread, a fresh source each round, median of ROUNDS.
 *
 * <pre>bench/run DecodeBenchmark [FOLDER] [SIDE] [ROUNDS] [ONLY]</pre>
 *
 * ONLY, if given, keeps the storages whose name contains it ("JPEG").
 */
public final class DecodeBenchmark {

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = BenchScenes.args(args);
        Path folder = Path.of(a.isEmpty() ? "target/decode-bench" : a.get(0));
        int side = a.size() > 1 ? Integer.parseInt(a.get(1)) : 8000;
        int rounds = a.size() > 2 ? Integer.parseInt(a.get(2)) : 3;
        String only = a.size() > 3 ? a.get(3) : "";
        Files.createDirectories(folder);
        Path plain = BenchScenes.scene(folder.resolve("scene-" + side + ".tif"), side, 3, SampleType.UINT8, false);
        Map<String, String[]> variants = new LinkedHashMap<>();
        variants.put("Deflate", new String[] {"-co", "TILED=YES", "-co", "BLOCKXSIZE=512", "-co", "BLOCKYSIZE=512", "-co", "COMPRESS=DEFLATE"});
        variants.put("Deflate, predictor 2", new String[] {"-co", "TILED=YES", "-co", "BLOCKXSIZE=512", "-co", "BLOCKYSIZE=512",
            "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"});
        variants.put("ZSTD", new String[] {"-co", "TILED=YES", "-co", "BLOCKXSIZE=512", "-co", "BLOCKYSIZE=512", "-co", "COMPRESS=ZSTD"});
        variants.put("LZMA", new String[] {"-co", "TILED=YES", "-co", "BLOCKXSIZE=512", "-co", "BLOCKYSIZE=512", "-co", "COMPRESS=LZMA"});
        variants.put("JPEG (YCbCr, q75)", new String[] {"-co", "TILED=YES", "-co", "BLOCKXSIZE=512", "-co", "BLOCKYSIZE=512",
            "-co", "COMPRESS=JPEG", "-co", "PHOTOMETRIC=YCBCR"});
        variants.put("WebP lossless", new String[] {"-co", "TILED=YES", "-co", "BLOCKXSIZE=512", "-co", "BLOCKYSIZE=512",
            "-co", "COMPRESS=WEBP", "-co", "WEBP_LOSSLESS=YES"});
        variants.put("JPEG 2000 (q25)", new String[] {"-of", "JP2OpenJPEG", "-co", "QUALITY=25", "-co", "BLOCKXSIZE=1024",
            "-co", "BLOCKYSIZE=1024"});
        variants.put("JPEG 2000 lossless", new String[] {"-of", "JP2OpenJPEG", "-co", "REVERSIBLE=YES", "-co", "QUALITY=100",
            "-co", "BLOCKXSIZE=1024", "-co", "BLOCKYSIZE=1024"});
        System.out.printf("%d x %d x 3 Byte scene, one thread, %d rounds (median)%n", side, side, rounds);
        System.out.printf("%-22s %10s %12s %12s %8s%n", "stored as", "MB", "ecdkit Mpx/s", "GDAL Mpx/s", "ratio");
        for (Map.Entry<String, String[]> variant : variants.entrySet()) {
            String name = variant.getKey();
            if (!name.contains(only)) {
                continue;
            }
            boolean jp2 = name.startsWith("JPEG 2000");
            Path file = folder.resolve(name.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase() + "-" + side + (jp2 ? ".jp2" : ".tif"));
            if (!Files.exists(file)) {
                List<String> command = new ArrayList<>(List.of("gdal_translate", "-q"));
                command.addAll(List.of(variant.getValue()));
                command.add(plain.toString());
                command.add(file.toString());
                run(command);
            }
            double megapixels = (double) side * side / 1e6;
            Timings ours = Timings.of(0, rounds, () -> readAll(file));
            Timings gdal = Timings.of(0, rounds, () -> run(List.of("gdalinfo", "-checksum", file.toString())));
            double oursRate = megapixels / (ours.medianMillis() / 1000);
            double gdalRate = megapixels / (gdal.medianMillis() / 1000);
            System.out.printf("%-22s %10.1f %12.1f %12.1f %8.2f%n", name, Files.size(file) / 1e6, oursRate, gdalRate, oursRate / gdalRate);
        }
    }

    /** Reads every pixel of every band in 512-pixel windows, as classify's reading threads do. */
    static long readAll(Path file) {
        try (RasterSource source = RasterSources.open(file)) {
            int[] bands = {0, 1, 2};
            float[] values = new float[3 * 512 * 512];
            long sum = 0;
            for (int y = 0; y < source.height(); y += 512) {
                for (int x = 0; x < source.width(); x += 512) {
                    Window window = new Window(x, y, Math.min(512, source.width() - x), Math.min(512, source.height() - y));
                    source.read(window, bands, values);
                    sum += (long) values[0];
                }
            }
            return sum;
        }
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
