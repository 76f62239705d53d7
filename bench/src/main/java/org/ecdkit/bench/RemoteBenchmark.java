package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecdkit.classify.ClassifyListener;
import org.ecdkit.classify.ClassifyOptions;
import org.ecdkit.classify.ClassifyRaster;
import org.ecdkit.raster.SampleType;
import org.ecdkit.remote.fixture.InProcessS3;
import org.ecdkit.remote.fixture.RangeServer;
import org.ecdkit.remote.S3Store;

/**
 * Classifying a Cloud Optimized GeoTIFF where it is stored against the same file on local disk: wall
 * time and bytes fetched, over loopback HTTP (a range-serving server in this JVM) and S3 (s3proxy in
 * this JVM). Loopback leaves out the network's latency and bandwidth, so this measures what ecdkit
 * adds, requests and bytes included: multiply the requests by a real round trip for a remote store.
 *
 * <pre>bench/run RemoteBenchmark [FOLDER] [SIDE] [ROUNDS]</pre>
 */
public final class RemoteBenchmark {

    private RemoteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = BenchScenes.args(args);
        Path folder = Path.of(a.isEmpty() ? "target/remote-bench" : a.get(0)).toAbsolutePath();
        int side = a.size() > 1 ? Integer.parseInt(a.get(1)) : 4000;
        int rounds = a.size() > 2 ? Integer.parseInt(a.get(2)) : 3;
        Files.createDirectories(folder);
        Path plain = BenchScenes.scene(folder.resolve("scene-" + side + ".tif"), side, 3, SampleType.UINT8, false);
        Path served = Files.createDirectories(folder.resolve("served"));
        Path cog = served.resolve("scene.tif");
        if (!Files.exists(cog)) {
            DecodeBenchmark.run(List.of("gdal_translate", "-q", "-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=512",
                    plain.toString(), cog.toString()));
        }
        Path fcn = BenchScenes.smallFcn(folder.resolve("fcn3.onnx"), 3);
        Path ecd = BenchScenes.definition(folder, fcn, 3, 5, "fcn3", 4);
        ClassifyOptions options = ClassifyOptions.DEFAULT.withTile(512).withPadding(16);
        Path out = folder.resolve("classified.tif");
        System.out.printf("classify %d x %d x 3 COG (%.1f MB, 512-pixel tiles), fcn3, %d rounds (median)%n", side, side,
                Files.size(cog) / 1e6, rounds);
        Timings local = Timings.of(1, rounds, () -> ClassifyRaster.run(ecd, cog, out, options, ClassifyListener.SILENT));
        System.out.printf("%-28s %s%n", "local file", local);
        try (RangeServer server = new RangeServer(served)) {
            Timings http = Timings.of(1, rounds, () -> ClassifyRaster.run(ecd, server.url("scene.tif"), out, options,
                    ClassifyListener.SILENT));
            server.reset();
            ClassifyRaster.run(ecd, server.url("scene.tif"), out, options, ClassifyListener.SILENT);
            System.out.printf("%-28s %s: %d requests, %.1f MB fetched (%.3f of the file)%n", "http:// (loopback)", http,
                    server.ranges().size(), server.bytesServed() / 1e6, server.bytesServed() / (double) Files.size(cog));
        }
        try (InProcessS3 s3 = new InProcessS3("bench")) {
            new S3Store().upload(cog, "s3://bench/scene.tif");
            Timings fromS3 = Timings.of(1, rounds, () -> ClassifyRaster.run(ecd, "s3://bench/scene.tif", out, options,
                    ClassifyListener.SILENT));
            System.out.printf("%-28s %s%n", "s3:// (s3proxy, loopback)", fromS3);
        }
    }
}
