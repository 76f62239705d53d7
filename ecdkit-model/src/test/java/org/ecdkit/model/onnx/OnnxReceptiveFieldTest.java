package org.ecdkit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.model.ReceptiveField;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.OnnxModelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receptive fields of graphs built by code, each worked out by hand from the layers: a k x k window
 * of dilation d widens the field by (k - 1) d steps of the grid it reads, a stride multiplies the step.
 */
class OnnxReceptiveFieldTest {

    @TempDir
    Path dir;

    private ReceptiveField field(OnnxModelBuilder builder, String output) throws Exception {
        Path file = builder.write(dir.resolve("m.onnx"));
        return ModelInspectors.standard().inspect(file, InspectOptions.DEFAULT).receptiveFields().get(output);
    }

    private static float[][][] weights(int out, int in, int kernel) {
        float[][][] w = new float[out][in][kernel * kernel];
        return w;
    }

    @Test
    void twoThreeByThreeConvolutionsAndAOneByOneSeeFivePixels() throws Exception {
        ReceptiveField field = field(OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, "height", "width")
                .conv("image", "c1", weights(8, 3, 3), new float[8], 3)
                .node("Relu", List.of("c1"), List.of("r1"))
                .conv("r1", "c2", weights(8, 8, 3), new float[8], 3)
                .node("Relu", List.of("c2"), List.of("r2"))
                .conv("r2", "scores", weights(2, 8, 1), new float[2], 1)
                .node("Softmax", List.of("scores"), List.of("probabilities"), OnnxModelBuilder.integer("axis", 1))
                .output("probabilities", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width"), "probabilities");
        assertEquals(5, field.pixels().getAsLong(), field.toString());
        assertEquals(2, field.padding().getAsLong());
    }

    @Test
    void stridesMultiplyTheStepAndDilationsSpreadTheKernel() throws Exception {
        // 3x3 stride 2 (field 3, step 2), then 3x3 dilation 2 (field 3 + 2 * 2 * 2 = 11), then upsampled back
        // (a resize adds up to 3 steps of 2: 17).
        ReceptiveField field = field(OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, "height", "width")
                .initializer("w1", new long[] {4, 3, 3, 3}, new float[4 * 3 * 9])
                .initializer("w2", new long[] {4, 4, 3, 3}, new float[4 * 4 * 9])
                .initializer("scales", new long[] {4}, new float[] {1, 1, 2, 2})
                .node("Conv", List.of("image", "w1"), List.of("down"), OnnxModelBuilder.ints("kernel_shape", 3, 3),
                        OnnxModelBuilder.ints("strides", 2, 2), OnnxModelBuilder.ints("pads", 1, 1, 1, 1))
                .node("Conv", List.of("down", "w2"), List.of("wide"), OnnxModelBuilder.ints("dilations", 2, 2),
                        OnnxModelBuilder.ints("pads", 2, 2, 2, 2))
                .node("Resize", List.of("wide", "", "scales"), List.of("scores"))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 4, "height", "width"), "scores");
        assertEquals(17, field.pixels().getAsLong(), field.toString());
    }

    @Test
    void aSkipConnectionTakesTheWiderOfItsTwoPaths() throws Exception {
        ReceptiveField field = field(OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, "height", "width")
                .conv("image", "narrow", weights(4, 3, 1), new float[4], 1)
                .conv("image", "c1", weights(4, 3, 5), new float[4], 5)
                .conv("c1", "wide", weights(4, 4, 5), new float[4], 5)
                .node("Concat", List.of("narrow", "wide"), List.of("both"), OnnxModelBuilder.integer("axis", 1))
                .conv("both", "scores", weights(2, 8, 1), new float[2], 1)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width"), "scores");
        assertEquals(9, field.pixels().getAsLong());
    }

    @Test
    void aGlobalPoolingMakesItUnboundedAndSaysWhichNode() throws Exception {
        // A squeeze-and-excitation block, as MobileNetV3 has: the tile's mean scales every pixel.
        ReceptiveField field = field(OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, "height", "width")
                .conv("image", "c1", weights(4, 3, 3), new float[4], 3)
                .node("GlobalAveragePool", List.of("c1"), List.of("mean"))
                .node("Sigmoid", List.of("mean"), List.of("gate"))
                .node("Mul", List.of("c1", "gate"), List.of("scaled"))
                .conv("scaled", "scores", weights(2, 4, 1), new float[2], 1)
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width"), "scores");
        assertTrue(field.pixels().isEmpty());
        assertEquals("node 1 (GlobalAveragePool) mixes the whole tile", field.reason());
    }

    @Test
    void aSoftmaxAcrossPixelsOrAFlatteningIsUnbounded() throws Exception {
        ReceptiveField softmax = field(OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, "height", "width")
                .conv("image", "c1", weights(2, 3, 1), new float[2], 1)
                .node("Softmax", List.of("c1"), List.of("scores"), OnnxModelBuilder.integer("axis", 3))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 2, "height", "width"), "scores");
        assertEquals("node 1 (Softmax) works across pixels (axis 3)", softmax.reason());
        ReceptiveField flattened = field(OnnxModelBuilder.pytorch()
                .input("image", OnnxModelBuilder.FLOAT, "batch", 3, 32, 32)
                .node("Flatten", List.of("image"), List.of("scores"))
                .output("scores", OnnxModelBuilder.FLOAT, "batch", 3072), "scores");
        assertTrue(flattened.pixels().isEmpty() && flattened.reason().contains("Flatten"), flattened.toString());
    }
}
