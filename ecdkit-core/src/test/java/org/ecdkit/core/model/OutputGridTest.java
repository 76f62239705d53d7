package org.ecdkit.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputGridTest {

    private static TensorSpec tensor(String name, Layout layout, long... dims) {
        Shape shape = Shape.of(dims);
        return TensorSpec.read(name, ElementType.FLOAT32, shape, new TensorLayout(layout, Confidence.DECLARED, "test"));
    }

    private static final TensorSpec IMAGE = tensor("image", Layout.NHWC, 1, 128, 128, 3);

    @Test
    void anAnchorListLargerThanTheImageIsNoPixelMap() {
        TensorSpec anchors = tensor("scores", Layout.NHW, 1, 896, 1);
        OutputGrid grid = OutputGrid.of(IMAGE, anchors).orElseThrow();
        assertTrue(grid.largerThanInput());
        assertFalse(grid.placed());
        assertEquals("1 x 896", grid.outputSize());
        assertEquals("128 x 128", grid.inputSize());
        assertEquals(OutputKind.SINGLE_SCORE, OutputKind.of(anchors));
        assertEquals(OutputKind.OTHER, OutputKind.of(anchors, IMAGE));
    }

    @Test
    void sameCroppedAndCoarserGridsArePlaced() {
        for (long side : new long[] {128, 112, 32}) {
            TensorSpec scores = tensor("scores", Layout.NHWC, 1, side, side, 5);
            OutputGrid grid = OutputGrid.of(IMAGE, scores).orElseThrow();
            assertTrue(grid.placed(), side + "");
            assertFalse(grid.largerThanInput(), side + "");
            assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(scores, IMAGE));
        }
    }

    @Test
    void anOddCropIsSmallerButCannotBePlaced() {
        OutputGrid grid = OutputGrid.of(IMAGE, tensor("scores", Layout.NHWC, 1, 127, 127, 5)).orElseThrow();
        assertFalse(grid.placed());
        assertFalse(grid.largerThanInput());
    }

    @Test
    void freeSidesAreNeitherLargerNorUnplaced() {
        TensorSpec free = tensor("image", Layout.NCHW, -1, 3, -1, -1);
        OutputGrid grid = OutputGrid.of(free, tensor("scores", Layout.NCHW, 1, 5, 4000, 4000)).orElseThrow();
        assertTrue(grid.placed());
        assertFalse(grid.largerThanInput());
        assertEquals("? x ?", grid.inputSize());
    }

    @Test
    void tileScoresHaveNoGrid() {
        assertTrue(OutputGrid.of(IMAGE, tensor("logits", Layout.NC, 1, 10)).isEmpty());
    }

    @Test
    void theSoleImageInputIsFoundOnlyWhenThereIsOne() {
        TensorSpec scale = tensor("scale", Layout.C, 1);
        assertEquals(IMAGE, signature(List.of(IMAGE, scale)).soleImageInput().orElseThrow());
        assertTrue(signature(List.of(IMAGE, tensor("other", Layout.NCHW, 1, 3, 64, 64))).soleImageInput().isEmpty());
        assertTrue(signature(List.of(scale)).soleImageInput().isEmpty());
    }

    private static ModelSignature signature(List<TensorSpec> inputs) {
        return new ModelSignature(ModelFormat.ONNX, "", "", inputs, List.of(tensor("out", Layout.NC, 1, 2)), Map.of(), List.of());
    }
}
