package org.ecdkit.translate;

import java.nio.file.Path;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.translate.onnx.proto.Onnx.ModelProto;

/**
 * A model translated into ONNX.
 *
 * @param source   the model file translated
 * @param format   its format
 * @param onnx     the ONNX model
 * @param layers   how many layers (or operators) the source has
 * @param nanos    how long the translation took, weights read included
 */
public record TranslatedModel(Path source, ModelFormat format, ModelProto onnx, int layers, long nanos) {

    public int nodes() {
        return onnx.getGraph().getNodeCount();
    }

    public long weightBytes() {
        return onnx.getGraph().getInitializerList().stream().mapToLong(t -> t.getRawData().size()).sum();
    }
}
