package org.ecdkit.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ecdkit.convert.DeepLearningModelToEcd;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.interop.DefinitionExport;
import org.ecdkit.interop.ExportFormat;
import org.ecdkit.model.fixture.ModelFixtures;
import org.ecdkit.model.fixture.OnnxFixtures;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;

/**
 * Writes the starting corpus of every fuzz target: a valid, small file of every format and layout
 * ecdkit reads, made by the test fixture builders, so that mutation starts deep inside each parser
 * instead of at its magic bytes. {@code SeedCorpus FOLDER} fills one folder per target under FOLDER.
 */
public final class SeedCorpus {

    private SeedCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "fuzz/target/corpus");
        Path work = Files.createTempDirectory("ecdkit-seeds-");
        models(Files.createDirectories(root.resolve("ModelFileTarget")), Files.createDirectories(work.resolve("models")));
        descriptions(Files.createDirectories(root.resolve("DescriptionTarget")), Files.createDirectories(work.resolve("desc")));
        tiffs(Files.createDirectories(root.resolve("GeoTiffTarget")));
        Path packages = Files.createDirectories(root.resolve("PackageTarget"));
        copy(root.resolve("DescriptionTarget/export.dlpk"), packages.resolve("export.dlpk"));
        System.out.println("seeds written under " + root);
    }

    private static void models(Path corpus, Path work) throws IOException {
        for (ModelFormat format : ModelFormat.values()) {
            Path model = ModelFixtures.segmenter(format, work);
            Path file = Files.isDirectory(model) ? model.resolve("saved_model.pb") : model;
            Files.copy(file, corpus.resolve(format.id()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, Path> onnx = Map.of(
                "onnx-nhwc", OnnxFixtures.channelsLastFiveClasses(work.resolve("nhwc.onnx")),
                "onnx-fixed", OnnxFixtures.fixedTiles(work.resolve("fixed.onnx")),
                "onnx-index", OnnxFixtures.classIndexOutput(work.resolve("index.onnx")),
                "onnx-two-inputs", OnnxFixtures.twoInputs(work.resolve("two.onnx")),
                "onnx-external", OnnxFixtures.externalWeights(work.resolve("external.onnx")),
                "onnx-detector", OnnxFixtures.markerDetector(work.resolve("detector.onnx"), 64, 12, 8));
        for (Map.Entry<String, Path> entry : onnx.entrySet()) {
            Files.copy(entry.getValue(), corpus.resolve(entry.getKey()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void descriptions(Path corpus, Path work) throws IOException {
        Path model = OnnxFixtures.fourBandsTwoClasses(work.resolve("model.onnx"));
        Path info = Files.writeString(work.resolve("classes.json"), """
                {"ImportDeepLearningModelToEsriExtraInfo":0, "Version":1, "Classifier":"ONNX",
                 "NumberRasterBands":4, "MiniBatchSize":16, "ExtractBands":[0,1,2,3], "ModelPadding":8,
                 "Classes":[{"Value":100,"Name":"Impervious","Color":[204,204,204]},
                            {"Value":200,"Name":" Other (Pervious)","Color":[56,168,0]}]}
                """);
        Path ecd = work.resolve("model.ecd");
        DeepLearningModelToEcd.run(model, info, ecd);
        copy(info, corpus.resolve("class-info.json"));
        copy(ecd, corpus.resolve("definition.ecd"));
        for (ExportFormat format : new ExportFormat[] {ExportFormat.EMD, ExportFormat.DLPK, ExportFormat.MLM}) {
            Path out = work.resolve("out." + format.id());
            DefinitionExport.run(ecd, format, out);
            copy(out, corpus.resolve("export." + format.id()));
        }
    }

    private static void tiffs(Path corpus) throws IOException {
        GeoTiffFixture.Pixels pattern = (x, y, b) -> (x * 7 + y * 3 + b * 11) % 200;
        write(GeoTiffFixture.of(40, 30, 3, SampleType.UINT8, pattern).epsg(32611, 500000, 4100000, 0.6), corpus, "strips-u8");
        write(GeoTiffFixture.of(40, 30, 4, SampleType.UINT16, pattern).tiled(16).deflate().nodata("0"), corpus, "tiled-deflate-u16");
        write(GeoTiffFixture.of(33, 17, 2, SampleType.INT16, pattern).strips(5).bandInterleaved(), corpus, "planar-i16");
        write(GeoTiffFixture.of(20, 20, 1, SampleType.FLOAT32, pattern).bigTiff().tiled(16), corpus, "bigtiff-f32");
        write(GeoTiffFixture.of(20, 20, 2, SampleType.UINT32, pattern).bigEndian().descriptions("Red", "NIR"), corpus,
                "bigendian-u32");
    }

    private static void write(GeoTiffFixture fixture, Path corpus, String name) throws IOException {
        fixture.write(corpus.resolve(name));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
