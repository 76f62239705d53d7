package org.ecdkit.model;

/**
 * How strongly an inspector recognises a model path as its format. Detection asks every inspector
 * and takes the strongest; the extension only breaks ties between equal strengths.
 *
 * @param strength {@link #NONE} 0, by name only 1, by structure 2, by magic bytes 3
 * @param evidence what was recognised, in a few words
 */
public record Recognition(int strength, String evidence) {

    public static final Recognition NONE = new Recognition(0, "");

    /** Only the name fits (an .onnx file that does not parse): inspecting it gives the precise error. */
    public static Recognition byName(String evidence) {
        return new Recognition(1, evidence);
    }

    /** The first fields have this format's structure (formats without magic bytes: protobuf). */
    public static Recognition byStructure(String evidence) {
        return new Recognition(2, evidence);
    }

    /** The file carries this format's signature bytes. */
    public static Recognition byMagic(String evidence) {
        return new Recognition(3, evidence);
    }

    public boolean recognised() {
        return strength > 0;
    }
}
