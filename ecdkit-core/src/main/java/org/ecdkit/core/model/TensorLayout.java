package org.ecdkit.core.model;

/**
 * The layout of a tensor, with how sure ecdkit is and why, so a user can judge a guess.
 *
 * @param layout     the axis order
 * @param confidence how sure
 * @param reason     the evidence, in a few words ("dimension 1 is fixed at 4, dimensions 2 and 3 are free")
 */
public record TensorLayout(Layout layout, Confidence confidence, String reason) {

    public static final TensorLayout UNKNOWN = new TensorLayout(Layout.UNKNOWN, Confidence.GUESSED, "not an image tensor");

    public static TensorLayout declared(Layout layout, String reason) {
        return new TensorLayout(layout, Confidence.DECLARED, reason);
    }

    @Override
    public String toString() {
        return layout == Layout.UNKNOWN ? "-" : layout + " (" + confidence.label() + ": " + reason + ")";
    }
}
