package org.ecdkit.interop;

/**
 * The files that can describe a model to ecdkit: what the converter takes in place of a class-info
 * file, and what {@code ecdkit export} writes.
 */
public enum DescriptionFormat {
    CLASS_INFO("class-info JSON"),
    ECD("Esri classifier definition (.ecd)"),
    EMD("Esri model definition (.emd)"),
    DLPK("Esri deep learning package (.dlpk)"),
    MLM("STAC item with the Machine Learning Model extension"),
    DEEPNESS("ONNX model with QGIS Deepness metadata");

    private final String description;

    DescriptionFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
