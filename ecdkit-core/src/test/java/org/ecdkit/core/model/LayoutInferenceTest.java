package org.ecdkit.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutInferenceTest {

    private static Shape shape(Object... dims) {
        return Shape.of(java.util.Arrays.stream(dims)
                .map(d -> d instanceof Number n ? Dim.of(n.longValue()) : d == null ? Dim.unknown() : Dim.symbolic((String) d))
                .toList());
    }

    private static TensorLayout onnx(Shape shape) {
        return LayoutInference.infer(shape, true, Layout.NCHW, "PyTorch");
    }

    @Test
    void aFixedBandAxisBetweenFreeSpatialAxesIsRead() {
        assertEquals(new TensorLayout(Layout.NCHW, Confidence.INFERRED,
                "axis 1 (4) is the only small fixed axis, first of the image axes"), onnx(shape("N", 4, "H", "W")));
        assertEquals(Layout.NHWC, onnx(shape("N", "H", "W", 4)).layout());
        assertEquals(Confidence.INFERRED, onnx(shape("N", "H", "W", 4)).confidence());
    }

    @Test
    void fixedTilesAreReadFromTheSmallestAxis() {
        assertEquals(Layout.NCHW, onnx(shape(1, 3, 224, 224)).layout());
        assertEquals(Layout.NHWC, onnx(shape(1, 224, 224, 3)).layout());
        assertEquals(Layout.NCHW, onnx(shape(1, 4, 256, 512)).layout());
    }

    @Test
    void ambiguousSizesFallBackToTheProducersConventionAndSaySo() {
        TensorLayout layout = LayoutInference.infer(shape(1, 8, 4, 8), true, Layout.NHWC, "TensorFlow");
        assertEquals(Layout.NHWC, layout.layout());
        assertEquals(Confidence.CONVENTION, layout.confidence());
        TensorLayout free = LayoutInference.infer(shape("N", "C", "H", "W"), true, null, null);
        assertEquals(Confidence.GUESSED, free.confidence());
    }

    @Test
    void batchlessShapesGetBatchlessLayouts() {
        assertEquals(Layout.CHW, LayoutInference.infer(shape(4, null, null), false, Layout.NCHW, "CNTK").layout());
        assertEquals(Layout.HWC, LayoutInference.infer(shape(256, 256, 4), false, Layout.NCHW, "CNTK").layout());
    }

    @Test
    void indexMapsAndVectorsAreRecognised() {
        assertEquals(Layout.NHW, onnx(shape("N", "H", "W")).layout());
        assertEquals(Layout.NC, onnx(shape("N", 10)).layout());
        assertEquals(Layout.UNKNOWN, onnx(Shape.unknownRank()).layout());
        assertEquals(Layout.UNKNOWN, onnx(shape(1, 2, 3, 4, 5)).layout());
    }

    @Test
    void outputKindsFollowChannelsAndType() {
        TensorSpec scores = TensorSpec.read("s", ElementType.FLOAT32, shape("N", 5, "H", "W"), onnx(shape("N", 5, "H", "W")));
        assertEquals(OutputKind.CLASS_SCORES, OutputKind.of(scores));
        TensorSpec index = TensorSpec.read("i", ElementType.INT64, shape("N", "H", "W"), onnx(shape("N", "H", "W")));
        assertEquals(OutputKind.CLASS_INDEX, OutputKind.of(index));
        TensorSpec single = TensorSpec.read("p", ElementType.FLOAT32, shape("N", 1, "H", "W"), onnx(shape("N", 1, "H", "W")));
        assertEquals(OutputKind.SINGLE_SCORE, OutputKind.of(single));
        assertEquals(List.of(), List.of());
    }
}
