package org.ecdkit.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.OutputKind;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.Hdf5FileBuilder;
import org.ecdkit.model.fixture.KerasModelBuilder;
import org.ecdkit.model.fixture.KerasModelBuilder.Style;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.model.hdf5.Hdf5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasInspectorTest {

    @TempDir
    Path dir;

    private static Inspection inspect(Path model) {
        return ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
    }

    private static Shape shape(long... dims) {
        return Shape.of(Arrays.stream(dims).mapToObj(d -> d < 0 ? Dim.unknown() : Dim.of(d)).toList());
    }

    private static void assertSegmenter(ModelSignature signature, int bands, int classes) {
        TensorSpec input = signature.inputs().get(0);
        assertEquals("image", input.name());
        assertEquals(ElementType.FLOAT32, input.type());
        assertEquals(shape(-1, 256, 256, bands), input.shape());
        assertEquals(Layout.NHWC, input.layout().layout());
        assertEquals(Confidence.DECLARED, input.layout().confidence(), "the convolutions name their data_format");
        assertEquals(bands, input.channels());
        TensorSpec output = signature.outputs().get(0);
        assertEquals("scores", output.name());
        assertEquals(shape(-1, -1, -1, classes), output.shape());
        assertEquals(Confidence.INFERRED, output.layout().confidence());
        assertEquals(classes, output.channels());
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(output));
        assertTrue(output.layout().reason().startsWith("Conv2D \"logits\" has " + classes + " filters, then softmax"),
                output.layout().reason());
    }

    @Test
    void aKeras2Hdf5ModelAsH5pyWritesIt() throws Exception {
        Path file = KerasModelBuilder.segmenter(Style.KERAS_2, 4, 5).writeHdf5(dir.resolve("model.h5"), "2.15.0");
        Inspection inspection = inspect(file);
        ModelSignature signature = inspection.signature();
        assertEquals(ModelFormat.KERAS_HDF5, signature.format());
        assertEquals("HDF5 superblock version 0", signature.formatVersion());
        assertEquals("Keras 2.15.0 (tensorflow)", signature.producer());
        assertEquals("Model", signature.properties().get("model_class"));
        assertEquals("segmenter", signature.properties().get("model_name"));
        assertSegmenter(signature, 4, 5);
        assertEquals(List.of("model.h5"), inspection.files());
    }

    @Test
    void theSameModelWrittenByJhdfReadsTheSame() throws Exception {
        KerasModelBuilder model = KerasModelBuilder.segmenter(Style.KERAS_2, 4, 5);
        ModelSignature ours = inspect(model.writeHdf5(dir.resolve("a.h5"), "2.15.0")).signature();
        ModelSignature jhdf = inspect(model.writeHdf5WithJhdf(dir.resolve("b.h5"), "2.15.0")).signature();
        assertEquals("HDF5 superblock version 2", jhdf.formatVersion());
        assertEquals(ours.inputs(), jhdf.inputs());
        assertEquals(ours.outputs(), jhdf.outputs());
    }

    @Test
    void aKeras3Archive() throws Exception {
        Path file = KerasModelBuilder.segmenter(Style.KERAS_3, 3, 8).writeKerasArchive(dir.resolve("model.keras"), "3.6.0");
        ModelSignature signature = inspect(file).signature();
        assertEquals(ModelFormat.KERAS_V3, signature.format());
        assertEquals("Keras 3.6.0", signature.producer());
        assertEquals("2026-11-24@12:00:00", signature.properties().get("date_saved"));
        assertEquals("Functional", signature.properties().get("model_class"));
        assertSegmenter(signature, 3, 8);
    }

    @Test
    void aSequentialTileClassifierEndsInTileScores() throws Exception {
        Path file = KerasModelBuilder.sequential(Style.KERAS_2, "tiles")
                .firstConv2d("conv", 32, "relu", -1, 64, 64, 3)
                .layer("GlobalAveragePooling2D", "pool")
                .layer("Dropout", "dropout")
                .dense("classes", 7, "softmax")
                .writeHdf5(dir.resolve("tiles.h5"), "2.4.0");
        ModelSignature signature = inspect(file).signature();
        assertEquals("conv_input", signature.inputs().get(0).name());
        assertEquals(shape(-1, 64, 64, 3), signature.inputs().get(0).shape());
        TensorSpec output = signature.outputs().get(0);
        assertEquals(shape(-1, 7), output.shape());
        assertEquals(OutputKind.TILE_SCORES, OutputKind.of(output));
        assertTrue(output.layout().reason().startsWith("Dense \"classes\" has 7 units, then softmax"), output.layout().reason());
    }

    @Test
    void channelsFirstModelsPutBandsAndClassesOnAxisOne() throws Exception {
        Path file = KerasModelBuilder.functional(Style.KERAS_3, "cf").channelsFirst()
                .input("image", -1, 4, 128, 128)
                .conv2d("scores", 6, "softmax", "image")
                .outputs("scores")
                .writeKerasArchive(dir.resolve("cf.keras"), "3.6.0");
        ModelSignature signature = inspect(file).signature();
        assertEquals(Layout.NCHW, signature.inputs().get(0).layout().layout());
        assertEquals(4, signature.inputs().get(0).channels());
        assertEquals(shape(-1, 6, -1, -1), signature.outputs().get(0).shape());
        assertEquals(6, signature.outputs().get(0).channels());
    }

    @Test
    void anOutputThatDoesNotTraceToAConvolutionIsUnknownAndSaysSo() throws Exception {
        Path file = KerasModelBuilder.functional(Style.KERAS_2, "concat")
                .input("image", -1, 256, 256, 4)
                .conv2d("a", 2, "relu", "image")
                .conv2d("b", 3, "relu", "image")
                .layer("Concatenate", "both", "a", "b")
                .outputs("both")
                .writeHdf5(dir.resolve("concat.h5"), "2.15.0");
        Inspection inspection = inspect(file);
        TensorSpec output = inspection.signature().outputs().get(0);
        assertEquals(Shape.unknownRank(), output.shape());
        assertEquals(-1, output.channels());
        assertEquals("output-shape", inspection.findings().get(0).code());
    }

    @Test
    void aWeightsOnlyFileIsRefusedWithTheWayForward() throws Exception {
        Path file = new Hdf5FileBuilder().variableString("keras_version", "2.15.0").write(dir.resolve("weights.h5"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().startsWith(file + ": model_config: an HDF5 file without the Keras \"model_config\" attribute"),
                e.getMessage());
    }

    @Test
    void attributesInDenseStorageAreNamedAsTheReason() throws Exception {
        Path file = new Hdf5FileBuilder().variableString("keras_version", "2.15.0").denseAttributeStorage()
                .write(dir.resolve("dense.h5"));
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().contains("dense storage"), e.getMessage());
    }

    @Test
    void aBrokenModelConfigNamesTheAttributeLineAndPath() throws Exception {
        Path file = new Hdf5FileBuilder().variableString("model_config",
                "{\"class_name\": \"Model\", \"config\": {\"layers\": [{\"class_name\": \"InputLayer\", \"name\": \"i\",\n"
                        + " \"config\": {\"batch_input_shape\": [null, -3, 4]}}], \"input_layers\": [[\"i\", 0, 0]]}}")
                .write(dir.resolve("broken.h5"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        assertEquals(file + "#model_config:2:41: config.layers[0].config.batch_input_shape[1]: expected an integer from 0 "
                + "to 2147483647, found -3", e.getMessage());
    }

    @Test
    void aConfigNestedTooDeeplyIsRefusedByTheJsonLimits() throws Exception {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Path file = new Hdf5FileBuilder().variableString("model_config", deep).write(dir.resolve("deep.h5"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        assertEquals(file + "#model_config:1:258: exceeds a limit: Document nesting depth (257) exceeds the maximum "
                + "allowed (256", e.getMessage());
    }

    @Test
    void aSubclassedModelWithoutLayersIsRefusedByName() throws Exception {
        Path file = new Hdf5FileBuilder().variableString("model_config", "{\"class_name\": \"MyNet\", \"config\": {}}")
                .write(dir.resolve("sub.h5"));
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().contains("a subclassed Keras model (class \"MyNet\")"), e.getMessage());
    }

    /**
     * InVesalius's brain segmenter, Keras 2.2.4 on PlaidML: a 3D U-Net whose HDF5 file Debian ships
     * with the same architecture as JSON beside it (model.json, written by Keras's to_json), the
     * independent truth for what the file's attribute holds.
     */
    @Test
    void aRealKeras2ModelFromDebian() throws Exception {
        Path model = SystemFixtures.debianFile("invesalius", "usr/share/invesalius/ai/brain_mri_t1/model.h5");
        Path json = model.resolveSibling("model.json");
        Inspection inspection = inspect(model);
        ModelSignature signature = inspection.signature();
        JsonCursor truth = JsonCursor.root(json, JsonDocumentReader.read(json).root());
        assertEquals(ModelFormat.KERAS_HDF5, signature.format());
        assertEquals("Keras " + truth.get("keras_version").asString() + " (" + truth.get("backend").asString() + ")",
                signature.producer());
        String attribute = Hdf5File.read(model).rootAttributes().get("model_config").text().orElseThrow();
        JsonCursor fromFile = JsonCursor.root(model, new JsonDocumentReader(KerasInspection.CONFIG_LIMITS)
                .parse(model, attribute.getBytes(java.nio.charset.StandardCharsets.UTF_8)).root());
        assertEquals(truth.get("config").value(), fromFile.get("config").value());
        assertEquals(List.of("img"), signature.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(shape(-1, 48, 48, 48, 1), signature.inputs().get(0).shape());
        TensorSpec output = signature.outputs().get(0);
        assertEquals("dense_1", output.name());
        assertEquals(shape(-1, -1, -1, -1, 1), output.shape(), "a Dense layer over a 3D convolution's output");
        assertTrue(output.layout().reason().startsWith("Dense \"dense_1\" has 1 units, then sigmoid"), output.layout().reason());
        assertTrue(Files.size(model) > 9_000_000);
    }

    @Test
    void aKerasArchiveWithAnEscapingEntryIsRefusedInOneLine() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("config.json"));
            zip.write(KerasModelBuilder.segmenter(Style.KERAS_3, 3, 2).json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new java.util.zip.ZipEntry("../../outside.h5"));
            zip.write(1);
        }
        Path file = Files.write(dir.resolve("evil.keras"), bytes.toByteArray());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        assertEquals(file + ": ../../outside.h5: a path that climbs out of the archive (\"..\")", e.getMessage());
    }

    @Test
    void aKerasArchiveWhoseConfigClaimsGigabytesIsRefusedBeforeReading() throws Exception {
        Path file = KerasModelBuilder.segmenter(Style.KERAS_3, 3, 2).writeKerasArchive(dir.resolve("big.keras"), "3.6.0");
        byte[] bytes = Files.readAllBytes(file);
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (le.getInt(i) == 0x02014b50 && new String(bytes, i + 46, 11, java.nio.charset.StandardCharsets.UTF_8).equals("config.json")) {
                le.putInt(i + 24, 2_000_000_000);
            }
        }
        Files.write(file, bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        // The zip's directory gives it away first: 2 GB from 541 compressed bytes.
        assertEquals(file + ": config.json: declares 2,000,000,000 bytes from 541 compressed (3,696,857 times), more than "
                + "the 100 times ecdkit accepts: a zip bomb, or a file of zeros", e.getMessage());
    }

    /** Transfer learning's usual shape: Sequential([base model, pooling, Dense]); the input is the base's. */
    @Test
    void aModelNestedAsTheFirstLayerGivesTheInput() throws Exception {
        String base = KerasModelBuilder.functional(Style.KERAS_2, "base").input("pixels", -1, 96, 96, 3)
                .conv2d("features", 32, "relu", "pixels").outputs("features").json();
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"transfer\", \"layers\": [" + base
                + ", {\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"pool\", \"data_format\": \"channels_last\"}}"
                + ", {\"class_name\": \"Dense\", \"config\": {\"name\": \"head\", \"units\": 6, \"activation\": \"softmax\"}}]}}";
        Path file = new Hdf5FileBuilder().variableString("keras_version", "2.15.0").variableString("model_config", json)
                .write(dir.resolve("transfer.h5"));
        ModelSignature signature = inspect(file).signature();
        assertEquals("pixels", signature.inputs().get(0).name());
        assertEquals(shape(-1, 96, 96, 3), signature.inputs().get(0).shape());
        assertEquals(shape(-1, 6), signature.outputs().get(0).shape());
        assertEquals(OutputKind.TILE_SCORES, OutputKind.of(signature.outputs().get(0)));
    }
}
