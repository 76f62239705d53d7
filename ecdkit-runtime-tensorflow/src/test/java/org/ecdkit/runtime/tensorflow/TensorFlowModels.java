package org.ecdkit.runtime.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow models written by TensorFlow itself, through its Java API: a SavedModel exported by
 * {@code SavedModelBundle.exporter} and a frozen graph ({@code Graph.toGraphDef}), each a 1x1
 * convolution with known weights over NHWC imagery, the same function as the ONNX fixture
 * {@code OnnxFixtures.fourBandsTwoClasses}: {@code scores[0] = band0 - band3},
 * {@code scores[1] = band3 - band0}.
 */
public final class TensorFlowModels {

    /** HWIO weights of the 1x1 convolution: 4 bands in, 2 classes out. */
    static final float[] WEIGHTS = {1, -1, 0, 0, 0, 0, -1, 1};

    private TensorFlowModels() {
    }

    private interface Body {
        Operand<TFloat32> build(Ops tf, Placeholder<TFloat32> image);
    }

    private static Operand<TFloat32> bandDifference(Ops tf, Placeholder<TFloat32> image) {
        var kernel = tf.constant(Shape.of(1, 1, 4, 2), DataBuffers.of(WEIGHTS));
        return tf.withName("scores").nn.conv2d(image, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    }

    /** A SavedModel whose "serving_default" maps "image" [N, H, W, 4] to "scores" [N, H, W, 2]. */
    public static Path savedModel(Path folder) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 4)));
            Operand<TFloat32> scores = bandDifference(tf, image);
            Signature signature = Signature.builder().key("serving_default").input("image", image)
                    .output("scores", scores).build();
            SavedModelBundle.exporter(folder.toString()).withFunction(SessionFunction.create(signature, session)).export();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return folder;
    }

    /** The same function as a frozen graph: Placeholder "image", output node "scores". */
    public static Path frozenGraph(Path file) throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 4)));
            bandDifference(tf, image);
            return Files.write(file, graph.toGraphDef().toByteArray());
        }
    }

    /**
     * The object detector of {@code OnnxFixtures.markerDetector}, in the TensorFlow Object Detection
     * API's convention, as a SavedModel: input "image" [N, tile, tile, 2] (band 0 marks an object's
     * top-left pixel with its score times 255, band 1 its 0-based class); outputs
     * "detection_boxes" [N, K, 4] as (ymin, xmin, ymax, xmax) fractions of the tile,
     * "detection_scores" [N, K], "detection_classes" [N, K] as 1-based ids, "num_detections" [N].
     */
    public static Path markerDetector(Path folder, int tile, int size, int maxDetections) {
        return markerDetector(folder, tile, size, maxDetections, false);
    }

    /**
     * The same detector with the input the TF2 Object Detection API's exporter gives a detector:
     * "input_tensor" uint8 [1, height, width, bands], sizes free (it still expects tiles of
     * {@code tile}).
     */
    public static Path objectDetectionApiDetector(Path folder, int tile, int size, int maxDetections) {
        return markerDetector(folder, tile, size, maxDetections, true);
    }

    private static Path markerDetector(Path folder, int tile, int size, int maxDetections, boolean uint8Input) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<?> input = uint8Input
                    ? tf.withName("input_tensor").placeholder(org.tensorflow.types.TUint8.class,
                            Placeholder.shape(Shape.of(1, -1, -1, 2)))
                    : tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, tile, tile, 2)));
            org.tensorflow.Operand<TFloat32> image = uint8Input ? tf.dtypes.cast(input, TFloat32.class)
                    : (org.tensorflow.Operand<TFloat32>) input;
            var flatShape = tf.constant(new int[] {-1, tile * tile});
            var marks = tf.reshape(tf.slice(image, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 1})),
                    flatShape);
            var classMap = tf.reshape(tf.slice(image, tf.constant(new int[] {0, 0, 0, 1}), tf.constant(new int[] {-1, -1, -1, 1})),
                    flatShape);
            var top = tf.nn.topK(marks, tf.constant(maxDetections), org.tensorflow.types.TInt32.class);
            var scores = tf.withName("detection_scores").math.div(top.values(), tf.constant(255f));
            var side = tf.constant(tile);
            var row = tf.dtypes.cast(tf.math.floorDiv(top.indices(), side), TFloat32.class);
            var column = tf.dtypes.cast(tf.math.floorMod(top.indices(), side), TFloat32.class);
            var tileSide = tf.constant((float) tile);
            var objectSide = tf.constant((float) size);
            var boxes = tf.withName("detection_boxes").stack(List.of(
                    tf.math.div(row, tileSide), tf.math.div(column, tileSide),
                    tf.math.div(tf.math.add(row, objectSide), tileSide), tf.math.div(tf.math.add(column, objectSide), tileSide)),
                    org.tensorflow.op.core.Stack.axis(2L));
            var classes = tf.withName("detection_classes").math.add(
                    tf.gather(classMap, top.indices(), tf.constant(1), org.tensorflow.op.core.Gather.batchDims(1L)),
                    tf.constant(1f));
            var count = tf.withName("num_detections").reduceSum(tf.onesLike(scores), tf.constant(1));
            Signature signature = Signature.builder().key("serving_default").input(uint8Input ? "input_tensor" : "image", input)
                    .output("detection_boxes", boxes).output("detection_scores", scores)
                    .output("detection_classes", classes).output("num_detections", count).build();
            SavedModelBundle.exporter(folder.toString()).withFunction(SessionFunction.create(signature, session)).export();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return folder;
    }
}
