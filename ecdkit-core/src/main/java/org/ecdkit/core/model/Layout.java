package org.ecdkit.core.model;

import java.util.OptionalInt;

/**
 * How the axes of an image tensor are ordered. N is the batch, C the channels (bands on input,
 * classes on output), H and W the rows and columns. Layouts without N are those of frameworks whose
 * batch is not part of the static shape (CNTK's dynamic axes).
 */
public enum Layout {
    NCHW(4, 1, 2, 3),
    NHWC(4, 3, 1, 2),
    CHW(3, 0, 1, 2),
    HWC(3, 2, 0, 1),
    /** A map of class indexes, one per pixel, with a batch axis. */
    NHW(3, -1, 1, 2),
    /** A map of class indexes without a batch axis. */
    HW(2, -1, 0, 1),
    /** A vector per batch item: whole-tile scores, or detections. */
    NC(2, 1, -1, -1),
    /** A vector without a batch axis (CNTK): whole-tile scores. */
    C(1, 0, -1, -1),
    /** Not an image tensor, or not known. */
    UNKNOWN(-1, -1, -1, -1);

    private final int rank;
    private final int channelAxis;
    private final int heightAxis;
    private final int widthAxis;

    Layout(int rank, int channelAxis, int heightAxis, int widthAxis) {
        this.rank = rank;
        this.channelAxis = channelAxis;
        this.heightAxis = heightAxis;
        this.widthAxis = widthAxis;
    }

    public int rank() {
        return rank;
    }

    /** The axis of bands (input) or classes (output), if the layout has one. */
    public OptionalInt channelAxis() {
        return channelAxis < 0 ? OptionalInt.empty() : OptionalInt.of(channelAxis);
    }

    public OptionalInt heightAxis() {
        return heightAxis < 0 ? OptionalInt.empty() : OptionalInt.of(heightAxis);
    }

    public OptionalInt widthAxis() {
        return widthAxis < 0 ? OptionalInt.empty() : OptionalInt.of(widthAxis);
    }

    public boolean hasBatchAxis() {
        return this == NCHW || this == NHWC || this == NHW || this == NC;
    }

    public boolean channelsFirst() {
        return this == NCHW || this == CHW;
    }
}
