package org.ecdkit.model.tensorflow;

import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.LayoutInference;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;

/**
 * The layout of a TensorFlow image tensor: what the graph's convolution and pooling nodes declare in
 * their data_format when they agree, else what the sizes say, else TensorFlow's channels-last
 * convention.
 */
final class TensorFlowLayouts {

    private TensorFlowLayouts() {
    }

    static TensorLayout of(Shape shape, GraphDefProto.LayoutVotes votes) {
        if (shape.rank() == 4) {
            if (votes.channelsLast > 0 && votes.channelsFirst == 0) {
                return TensorLayout.declared(Layout.NHWC, "the graph's " + votes.channelsLast
                        + " convolution, pooling and normalisation nodes use data_format NHWC");
            }
            if (votes.channelsFirst > 0 && votes.channelsLast == 0) {
                return TensorLayout.declared(Layout.NCHW, "the graph's " + votes.channelsFirst
                        + " convolution, pooling and normalisation nodes use data_format NCHW");
            }
        }
        if (!shape.rankKnown()) {
            return TensorLayout.UNKNOWN;
        }
        return LayoutInference.infer(shape, true, Layout.NHWC, "TensorFlow");
    }

    /** For an output whose shape the graph does not record: channels last, unless its nodes say first. */
    static TensorLayout unrecorded(GraphDefProto.LayoutVotes votes, boolean classIndexes) {
        if (classIndexes) {
            return new TensorLayout(Layout.NHW, Confidence.GUESSED, "an ArgMax output whose shape the graph does not record");
        }
        Layout layout = votes.channelsFirst > 0 && votes.channelsLast == 0 ? Layout.NCHW : Layout.NHWC;
        return new TensorLayout(layout, Confidence.GUESSED, "the graph records no output shape; " + layout
                + " as its convolutions use");
    }
}
