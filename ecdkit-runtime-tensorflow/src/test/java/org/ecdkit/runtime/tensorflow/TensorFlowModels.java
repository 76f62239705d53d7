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
}
