package org.ecdkit.translate.keras;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every Keras layer class ecdkit translates, by the class name a config gives it. */
final class KerasLayers {

    private static final Map<String, LayerTranslation> TRANSLATIONS = new TreeMap<>();

    static {
        for (String name : new String[] {"Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D"}) {
            TRANSLATIONS.put(name, ConvolutionLayers::convolution);
        }
        for (String name : new String[] {"DepthwiseConv1D", "DepthwiseConv2D"}) {
            TRANSLATIONS.put(name, ConvolutionLayers::depthwise);
        }
        for (String name : new String[] {"SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D"}) {
            TRANSLATIONS.put(name, ConvolutionLayers::separable);
        }
        for (String name : new String[] {"Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Convolution2DTranspose",
            "Convolution3DTranspose", "Deconvolution2D", "Deconvolution3D"}) {
            TRANSLATIONS.put(name, ConvolutionLayers::transposed);
        }
        TRANSLATIONS.put("Dense", CoreLayers::dense);
        for (String name : new String[] {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
            "GaussianDropout", "AlphaDropout", "ActivityRegularization"}) {
            TRANSLATIONS.put(name, CoreLayers::identity);
        }
        for (String name : new String[] {"MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D"}) {
            TRANSLATIONS.put(name, PoolingLayers.local("MaxPool"));
        }
        for (String name : new String[] {"AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool1D", "AvgPool2D",
            "AvgPool3D"}) {
            TRANSLATIONS.put(name, PoolingLayers.local("AveragePool"));
        }
        for (String name : new String[] {"GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
            "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D"}) {
            TRANSLATIONS.put(name, PoolingLayers.global("ReduceMean"));
        }
        for (String name : new String[] {"GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalMaxPool1D",
            "GlobalMaxPool2D", "GlobalMaxPool3D"}) {
            TRANSLATIONS.put(name, PoolingLayers.global("ReduceMax"));
        }
        TRANSLATIONS.put("Flatten", ReshapingLayers::flatten);
        TRANSLATIONS.put("Reshape", ReshapingLayers::reshape);
        TRANSLATIONS.put("Permute", ReshapingLayers::permute);
        for (String name : new String[] {"ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"}) {
            TRANSLATIONS.put(name, ReshapingLayers::zeroPadding);
        }
        for (String name : new String[] {"Cropping1D", "Cropping2D", "Cropping3D"}) {
            TRANSLATIONS.put(name, ReshapingLayers::cropping);
        }
        for (String name : new String[] {"UpSampling1D", "UpSampling2D", "UpSampling3D"}) {
            TRANSLATIONS.put(name, ReshapingLayers::upSampling);
        }
        TRANSLATIONS.put("Resizing", ReshapingLayers::resizing);
        TRANSLATIONS.put("Add", MergingLayers.elementwise("Add"));
        TRANSLATIONS.put("Subtract", MergingLayers.elementwise("Sub"));
        TRANSLATIONS.put("Multiply", MergingLayers.elementwise("Mul"));
        TRANSLATIONS.put("Average", MergingLayers.elementwise("Mean"));
        TRANSLATIONS.put("Maximum", MergingLayers.elementwise("Max"));
        TRANSLATIONS.put("Minimum", MergingLayers.elementwise("Min"));
        TRANSLATIONS.put("Concatenate", MergingLayers::concatenate);
        TRANSLATIONS.put("BatchNormalization", NormalizationLayers::batchNormalization);
        TRANSLATIONS.put("Normalization", NormalizationLayers::normalization);
        TRANSLATIONS.put("Rescaling", NormalizationLayers::rescaling);
        TRANSLATIONS.put("Activation", ActivationLayers::activation);
        TRANSLATIONS.put("ReLU", ActivationLayers::relu);
        TRANSLATIONS.put("LeakyReLU", ActivationLayers::leakyRelu);
        TRANSLATIONS.put("ELU", ActivationLayers::elu);
        TRANSLATIONS.put("PReLU", ActivationLayers::prelu);
        TRANSLATIONS.put("ThresholdedReLU", ActivationLayers::thresholdedRelu);
        TRANSLATIONS.put("Softmax", ActivationLayers::softmax);
    }

    private KerasLayers() {
    }

    static Optional<LayerTranslation> translation(String className) {
        return Optional.ofNullable(TRANSLATIONS.get(className));
    }

    /** The layer classes translated, for messages and the documentation. */
    static java.util.Set<String> classNames() {
        return java.util.Collections.unmodifiableSet(TRANSLATIONS.keySet());
    }
}
