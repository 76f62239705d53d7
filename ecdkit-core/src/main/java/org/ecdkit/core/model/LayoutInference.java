package org.ecdkit.core.model;

/**
 * Works out which axis of an image tensor holds the channels when the model does not say.
 *
 * <p>The rule: the channel axis is the first or last non-batch axis whose size is fixed and smaller
 * than every other fixed spatial size, or the only fixed one among free spatial axes. A model
 * exported for arbitrary tile sizes ({@code [N, 4, H, W]}) and one with fixed tiles
 * ({@code [1, 4, 256, 256]}) both read unambiguously. When the sizes leave both readings open
 * ({@code [N, C, H, W]} all free, or {@code [1, 8, 4, 8]}), the producing framework's convention
 * decides, and the result says so.
 */
public final class LayoutInference {

    private LayoutInference() {
    }

    /**
     * @param shape          the tensor's shape
     * @param batchInShape   whether the static shape includes the batch axis (false for CNTK)
     * @param convention     the framework's channel order for 4-axis tensors (NCHW or NHWC), or
     *                       null when it has none
     * @param conventionName whose convention it is, for the reason ("PyTorch exports")
     */
    public static TensorLayout infer(Shape shape, boolean batchInShape, Layout convention, String conventionName) {
        int rank = shape.rank();
        int spatialStart = batchInShape ? 1 : 0;
        int imageRank = rank - spatialStart;
        if (imageRank == 3) {
            Dim first = shape.dim(spatialStart);
            Dim middle = shape.dim(spatialStart + 1);
            Dim last = shape.dim(spatialStart + 2);
            Layout channelsFirst = batchInShape ? Layout.NCHW : Layout.CHW;
            Layout channelsLast = batchInShape ? Layout.NHWC : Layout.HWC;
            if (channelLike(first, middle, last)) {
                return new TensorLayout(channelsFirst, Confidence.INFERRED, reason(spatialStart, first, "first"));
            }
            if (channelLike(last, first, middle)) {
                return new TensorLayout(channelsLast, Confidence.INFERRED, reason(spatialStart + 2, last, "last"));
            }
            if (convention != null) {
                boolean first4 = convention.channelsFirst();
                return new TensorLayout(first4 ? channelsFirst : channelsLast, Confidence.CONVENTION,
                        "the sizes allow either order; " + conventionName + " puts channels " + (first4 ? "first" : "last"));
            }
            return new TensorLayout(channelsFirst, Confidence.GUESSED,
                    "the sizes allow either order and the producer has no convention; channels first assumed");
        }
        if (imageRank == 2) {
            Layout map = batchInShape ? Layout.NHW : Layout.HW;
            return new TensorLayout(map, Confidence.INFERRED, "two spatial axes and no channel axis: one value per pixel");
        }
        if (imageRank == 1) {
            return new TensorLayout(batchInShape ? Layout.NC : Layout.C, Confidence.INFERRED, "one vector per batch item");
        }
        return TensorLayout.UNKNOWN;
    }

    /** {@code candidate} is fixed, and smaller than each of the two others that are fixed. */
    private static boolean channelLike(Dim candidate, Dim a, Dim b) {
        if (!(candidate instanceof Dim.Fixed c)) {
            return false;
        }
        boolean smallerThanA = !(a instanceof Dim.Fixed fa) || c.size() < fa.size();
        boolean smallerThanB = !(b instanceof Dim.Fixed fb) || c.size() < fb.size();
        return smallerThanA && smallerThanB;
    }

    private static String reason(int axis, Dim channels, String where) {
        return "axis " + axis + " (" + channels + ") is the only small fixed axis, " + where + " of the image axes";
    }
}
