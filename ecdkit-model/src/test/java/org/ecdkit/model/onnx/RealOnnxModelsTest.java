package org.ecdkit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.Shape;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.model.fixture.onnx.OnnxFixtureProto.TensorProto;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Models exported by a real framework: PyTorch's ONNX exporter, as shipped in Debian's
 * libonnx-testdata with the input and output tensors PyTorch computed (two of the files in those
 * folders were built by hand and say "model" as their producer; their shapes are checked all the same). The shapes of those tensors,
 * parsed with protobuf-java, are the independent truth the inspected signature must match.
 */
class RealOnnxModelsTest {

    private static Path data() {
        return SystemFixtures.require(SystemFixtures.ONNX_TEST_DATA, "libonnx-testdata");
    }

    @TestFactory
    Stream<DynamicTest> everyPytorchExportInspectsToTheShapesOfItsReferenceTensors() throws Exception {
        List<Path> models = new ArrayList<>();
        for (String set : List.of("pytorch-converted", "pytorch-operator")) {
            try (Stream<Path> cases = Files.list(data().resolve(set))) {
                cases.map(c -> c.resolve("model.onnx")).filter(Files::isRegularFile).sorted().forEach(models::add);
            }
        }
        assertTrue(models.size() > 100, "found " + models.size());
        return models.stream().map(model -> DynamicTest.dynamicTest(model.getParent().getFileName().toString(), () -> {
            ModelSignature signature = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT).signature();
            Path data = model.resolveSibling("test_data_set_0");
            for (int i = 0; i < signature.inputs().size(); i++) {
                Path reference = data.resolve("input_" + i + ".pb");
                if (Files.exists(reference)) {
                    assertEquals(shapeOf(reference), signature.inputs().get(i).shape(), "input " + i);
                }
            }
            for (int i = 0; i < signature.outputs().size(); i++) {
                Path reference = data.resolve("output_" + i + ".pb");
                if (Files.exists(reference) && signature.outputs().get(i).shape().rankKnown()) {
                    assertEquals(shapeOf(reference), signature.outputs().get(i).shape(), "output " + i);
                }
            }
        }));
    }

    @Test
    void pytorchConv2dExportIsAChannelsFirstImageModel() throws Exception {
        Path model = data().resolve("pytorch-converted/test_Conv2d/model.onnx");
        ModelSignature signature = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT).signature();
        assertEquals("pytorch 0.3", signature.producer());
        assertEquals(1, signature.inputs().size(), "the weights listed as inputs by IR 3 are not inputs");
        assertEquals(Layout.NCHW, signature.inputs().get(0).layout().layout());
        assertEquals("fed to a Conv node, which takes NCHW", signature.inputs().get(0).layout().reason());
        assertEquals(Layout.NCHW, signature.outputs().get(0).layout().layout());
    }

    /** The dims of a serialized TensorProto, read with protobuf-java. */
    static Shape shapeOf(Path tensorFile) throws Exception {
        TensorProto tensor = TensorProto.parseFrom(Files.readAllBytes(tensorFile));
        return Shape.of(tensor.getDimsList().stream().map(d -> Dim.of(d)).toList());
    }
}
