package org.ecdkit.model.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.LayoutInference;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;

/**
 * A Keras model's architecture as {@code model.to_json()} writes it, the same JSON in an HDF5 file's
 * {@code model_config} attribute and a .keras archive's config.json: Sequential models (Keras 1's
 * bare layer list, Keras 2's and 3's {@code {"layers": [...]}}), functional models ("Model",
 * "Functional") with their {@code input_layers} and {@code output_layers}, and models nested as
 * layers.
 *
 * <p>Inputs are read exactly: an InputLayer's {@code batch_input_shape} (Keras 2) or
 * {@code batch_shape} (Keras 3). Keras does not record output shapes; an output is traced back
 * through layers that keep the channel count (activations, dropout, normalisation, pooling,
 * resizing, element-wise merges) to the convolution or dense layer that sets it, whose
 * {@code filters} or {@code units} are the classes. The result says it was inferred.
 */
final class KerasModelConfig {

    static final Set<String> MODEL_CLASSES = Set.of("Model", "Functional", "Sequential");
    private static final int MAX_NESTING = 16;
    private static final int MAX_TRACE = 10_000;
    private static final Set<String> KEEP_CHANNELS = Set.of("Activation", "Softmax", "ReLU", "LeakyReLU", "PReLU", "ELU",
            "ThresholdedReLU", "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
            "GaussianDropout", "AlphaDropout", "ActivityRegularization", "BatchNormalization", "LayerNormalization",
            "GroupNormalization", "UnitNormalization", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D",
            "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D", "Resizing", "Rescaling",
            "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
            "MaxPool2D", "AvgPool2D", "DepthwiseConv2D", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum");
    private static final Set<String> GLOBAL_POOLING = Set.of("GlobalAveragePooling1D", "GlobalAveragePooling2D",
            "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
            "GlobalAvgPool2D", "GlobalMaxPool2D");

    private final String className;
    private final String name;
    private final List<KerasLayer> layers;
    private final Map<String, KerasLayer> byName = new HashMap<>();
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final Optional<JsonCursor> buildInputShape;
    private final Layout imageLayout;
    private final boolean layoutDeclared;
    private final int depth;

    private KerasModelConfig(JsonCursor model, int depth) {
        this.depth = depth;
        if (depth > MAX_NESTING) {
            throw model.problem("models nested more than " + MAX_NESTING + " deep");
        }
        this.className = model.get("class_name").asString();
        JsonCursor config = model.get("config");
        List<JsonCursor> layerList;
        if (config.isArray()) {
            layerList = config.elements(); // Keras 1 Sequential: the config is the layer list
        } else if (config.isObject() && config.has("layers")) {
            layerList = config.get("layers").elements();
        } else {
            layerList = List.of();
        }
        this.name = config.isObject() ? config.find("name").filter(JsonCursor::isString).map(JsonCursor::asString).orElse("") : "";
        this.layers = new ArrayList<>();
        for (JsonCursor layer : layerList) {
            KerasLayer parsed = KerasLayer.of(layer);
            layers.add(parsed);
            byName.putIfAbsent(parsed.name(), parsed);
        }
        this.inputNames = config.isObject() ? endpoints(config, "input_layers") : List.of();
        this.outputNames = config.isObject() ? endpoints(config, "output_layers") : List.of();
        this.buildInputShape = (config.isObject() ? config.find("build_input_shape") : Optional.<JsonCursor>empty())
                .or(() -> model.find("build_config").filter(JsonCursor::isObject).flatMap(b -> b.find("input_shape")));
        // Keras 2 and 3 name it data_format; Keras 1 dim_ordering, "th" (Theano) for channels first.
        Optional<String> format = layers.stream()
                .map(l -> l.text("data_format").or(() -> l.text("dim_ordering").map(o -> o.equals("th") ? "channels_first" : "channels_last")))
                .flatMap(Optional::stream).findFirst();
        this.imageLayout = format.map(f -> f.equals("channels_first") ? Layout.NCHW : Layout.NHWC).orElse(Layout.NHWC);
        this.layoutDeclared = format.isPresent();
    }

    static KerasModelConfig read(JsonCursor model) {
        return new KerasModelConfig(model, 0);
    }

    List<KerasLayer> layers() {
        return List.copyOf(layers);
    }

    /** The functional model's input layers by name; empty for a Sequential model. */
    List<String> inputNames() {
        return List.copyOf(inputNames);
    }

    List<String> outputNames() {
        return List.copyOf(outputNames);
    }

    Layout imageLayout() {
        return imageLayout;
    }

    String className() {
        return className;
    }

    String name() {
        return name;
    }

    int layerCount() {
        return layers.size();
    }

    /** Whether the JSON describes the model's layers (a subclassed model's config does not). */
    boolean describesLayers() {
        return !layers.isEmpty();
    }

    /** {@code [["img", 0, 0], ...]}, or Keras 3's {@code ["img", 0, 0]} for a single endpoint. */
    private static List<String> endpoints(JsonCursor config, String key) {
        Optional<JsonCursor> list = config.find(key).filter(JsonCursor::isArray);
        List<String> names = new ArrayList<>();
        if (list.isEmpty() || list.get().elements().isEmpty()) {
            return names;
        }
        List<JsonCursor> elements = list.get().elements();
        if (elements.get(0).isString()) {
            names.add(elements.get(0).asString());
            return names;
        }
        for (JsonCursor endpoint : elements) {
            names.add(endpoint.elements(1, Integer.MAX_VALUE).get(0).asString());
        }
        return names;
    }

    List<TensorSpec> inputs() {
        List<TensorSpec> result = new ArrayList<>();
        if (className.equals("Sequential") || inputNames.isEmpty()) {
            sequentialInput().ifPresent(result::add);
            return result;
        }
        for (String input : inputNames) {
            KerasLayer layer = byName.get(input);
            if (layer == null) {
                result.add(TensorSpec.read(input, ElementType.FLOAT32, Shape.unknownRank(), TensorLayout.UNKNOWN));
            } else {
                result.add(inputSpec(layer.name(), layer, shapeOption(layer)));
            }
        }
        return result;
    }

    private Optional<TensorSpec> sequentialInput() {
        if (layers.isEmpty()) {
            return buildInputShape.map(s -> inputSpec("input", null, Optional.of(s)));
        }
        KerasLayer first = layers.get(0);
        if (first.isModel()) {
            List<TensorSpec> nested = new KerasModelConfig(first.json(), depth + 1).inputs();
            return nested.stream().findFirst();
        }
        Optional<JsonCursor> shape = shapeOption(first).or(() -> buildInputShape);
        return Optional.of(inputSpec(first.className().equals("InputLayer") ? first.name() : first.name() + "_input",
                first, shape));
    }

    private static Optional<JsonCursor> shapeOption(KerasLayer layer) {
        return layer.option("batch_input_shape").or(() -> layer.option("batch_shape"));
    }

    private TensorSpec inputSpec(String inputName, KerasLayer layer, Optional<JsonCursor> shapeJson) {
        ElementType type = layer == null ? ElementType.FLOAT32 : dtype(layer);
        if (shapeJson.isEmpty() || !shapeJson.get().isArray()) {
            return TensorSpec.read(inputName, type, Shape.unknownRank(), TensorLayout.UNKNOWN);
        }
        Shape shape = shape(shapeJson.get());
        return TensorSpec.read(inputName, type, shape, layout(shape));
    }

    private TensorLayout layout(Shape shape) {
        if (shape.rank() == 4 && layoutDeclared) {
            return TensorLayout.declared(imageLayout, "the convolutions' data_format");
        }
        if (shape.rank() == 4) {
            return new TensorLayout(imageLayout, Confidence.CONVENTION, "no layer names a data_format; Keras puts channels last");
        }
        return LayoutInference.infer(shape, true, imageLayout, "Keras");
    }

    static Shape shape(JsonCursor json) {
        List<Dim> dims = new ArrayList<>();
        for (JsonCursor dim : json.elements(0, 64)) {
            dims.add(dim.isNull() ? Dim.unknown() : Dim.of(dim.asLong(0, Integer.MAX_VALUE)));
        }
        return Shape.of(dims);
    }

    /** "float32", or a Keras 3 DTypePolicy {@code {"config": {"name": "float32"}}}; mixed policies compute in float16. */
    private static ElementType dtype(KerasLayer layer) {
        Optional<JsonCursor> dtype = layer.option("dtype");
        String label = dtype.filter(JsonCursor::isString).map(JsonCursor::asString)
                .or(() -> dtype.filter(JsonCursor::isObject).flatMap(d -> d.find("config")).filter(JsonCursor::isObject)
                        .flatMap(c -> c.find("name")).filter(JsonCursor::isString).map(JsonCursor::asString))
                .orElse("float32");
        if (label.startsWith("mixed_")) {
            label = label.substring("mixed_".length());
        }
        return ElementType.byLabel(label.toLowerCase(Locale.ROOT)).orElse(ElementType.UNKNOWN);
    }

    List<TensorSpec> outputs() {
        List<TensorSpec> result = new ArrayList<>();
        if (className.equals("Sequential") || outputNames.isEmpty()) {
            if (!layers.isEmpty()) {
                result.add(output(layers.get(layers.size() - 1), layers.size() - 1));
            }
            return result;
        }
        for (String output : outputNames) {
            KerasLayer layer = byName.get(output);
            result.add(layer == null
                    ? TensorSpec.read(output, ElementType.FLOAT32, Shape.unknownRank(), TensorLayout.UNKNOWN)
                    : output(layer, -1));
        }
        return result;
    }

    /** What a trace back from an output found: the layer that set the channels, and what came after it. */
    /**
     * @param source where the channels come from ("Conv2D \"logits\" has 5 filters")
     */
    private record Trace(String source, long channels, int rank, String activation, Optional<Shape> exact) {
    }

    /**
     * @param layer         the output layer
     * @param sequentialAt  its index in a Sequential model (whose layers feed each other in order), or -1
     */
    private TensorSpec output(KerasLayer layer, int sequentialAt) {
        Optional<Trace> trace = trace(layer, sequentialAt);
        ElementType type = ElementType.FLOAT32;
        if (trace.isEmpty()) {
            return TensorSpec.read(layer.name(), type, Shape.unknownRank(), TensorLayout.UNKNOWN);
        }
        Trace found = trace.get();
        if (found.exact().isPresent()) {
            Shape shape = found.exact().get();
            return TensorSpec.read(layer.name(), type, shape, LayoutInference.infer(shape, true, imageLayout, "Keras"));
        }
        String reason = found.source() + (found.activation().isEmpty() ? "" : ", then " + found.activation())
                + "; Keras does not record output sizes";
        if (found.rank() < 0) {
            return TensorSpec.read(layer.name(), type, Shape.unknownRank(), new TensorLayout(Layout.UNKNOWN,
                    Confidence.GUESSED, reason + " nor, here, the output's rank"));
        }
        if (found.rank() == 2) {
            return TensorSpec.read(layer.name(), type, Shape.of(List.of(Dim.unknown(), Dim.of(found.channels()))),
                    new TensorLayout(Layout.NC, Confidence.INFERRED, reason));
        }
        if (found.rank() == 4) {
            List<Dim> dims = new ArrayList<>(List.of(Dim.unknown(), Dim.unknown(), Dim.unknown(), Dim.unknown()));
            dims.set(imageLayout.channelAxis().orElse(3), Dim.of(found.channels()));
            return TensorSpec.read(layer.name(), type, Shape.of(dims), new TensorLayout(imageLayout, Confidence.INFERRED, reason));
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < found.rank(); i++) {
            dims.add(i == found.rank() - 1 ? Dim.of(found.channels()) : Dim.unknown());
        }
        return TensorSpec.read(layer.name(), type, Shape.of(dims), new TensorLayout(Layout.UNKNOWN, Confidence.INFERRED,
                reason + "; not a 2D image tensor"));
    }

    private Optional<Trace> trace(KerasLayer start, int sequentialAt) {
        KerasLayer layer = start;
        int index = sequentialAt;
        String activation = "";
        int rankOverride = -1;
        for (int step = 0; step < MAX_TRACE && layer != null; step++) {
            String kind = layer.className();
            if (layer.isModel()) {
                KerasModelConfig nested = new KerasModelConfig(layer.json(), depth + 1);
                List<TensorSpec> outputs = nested.outputs();
                if (outputs.isEmpty() || outputs.get(0).channels() < 0) {
                    return Optional.empty();
                }
                TensorSpec inner = outputs.get(0);
                String source = "nested model \"" + layer.name() + "\" gives " + inner.channels() + " channels ("
                        + inner.layout().reason() + ")";
                return Optional.of(new Trace(source, inner.channels(), rankOverride > 0 ? rankOverride : inner.shape().rank(),
                        activation, Optional.empty()));
            }
            if (kind.equals("Reshape") && layer.option("target_shape").filter(JsonCursor::isArray).isPresent()) {
                List<Dim> dims = new ArrayList<>(List.of(Dim.unknown()));
                dims.addAll(shape(layer.option("target_shape").get()).dims());
                return Optional.of(new Trace("Reshape \"" + layer.name() + "\"", dims.get(dims.size() - 1).sizeOrMinusOne(),
                        dims.size(), activation,
                        Optional.of(Shape.of(dims))));
            }
            Optional<Long> channels = channelsSetBy(layer);
            if (channels.isPresent()) {
                String own = layer.text("activation").filter(a -> !a.equals("linear")).orElse("");
                int rank = rankOverride > 0 ? rankOverride : outputRank(layer, index);
                String source = layer.className() + " \"" + layer.name() + "\" has " + channels.get()
                        + (layer.className().contains("Dense") ? " units" : " filters");
                return Optional.of(new Trace(source, channels.get(), rank, activation.isEmpty() ? own : activation,
                        Optional.empty()));
            }
            if (GLOBAL_POOLING.contains(kind)) {
                rankOverride = rankOverride > 0 ? rankOverride : 2;
            } else if (!KEEP_CHANNELS.contains(kind)) {
                return Optional.empty();
            }
            if (activation.isEmpty()) {
                activation = kind.equals("Softmax") ? "softmax" : kind.equals("Activation") ? layer.text("activation").orElse("") : "";
            }
            if (index >= 0) {
                index--;
                layer = index >= 0 ? layers.get(index) : null;
            } else {
                layer = layer.inbound().isEmpty() ? null : byName.get(layer.inbound().get(0));
            }
        }
        return Optional.empty();
    }

    /** The channels a convolution ("filters", Keras 1 "nb_filter") or dense layer ("units", Keras 1 "output_dim") sets. */
    private static Optional<Long> channelsSetBy(KerasLayer layer) {
        String kind = layer.className();
        List<String> keys = kind.contains("Conv") ? List.of("filters", "nb_filter")
                : kind.equals("Dense") ? List.of("units", "output_dim") : List.of();
        for (String key : keys) {
            Optional<JsonCursor> value = layer.option(key);
            if (value.isPresent() && value.get().isNumber()) {
                return Optional.of(value.get().asLong(1, Integer.MAX_VALUE));
            }
        }
        return Optional.empty();
    }

    /**
     * The rank of a layer's output, batch included: set by convolutions (a Conv2D's is 4), flattening
     * and global pooling (2), reshapes and inputs; carried through dense layers and those that keep
     * channels. -1 when it cannot be told.
     */
    private int outputRank(KerasLayer layer, int sequentialAt) {
        KerasLayer current = layer;
        int index = sequentialAt;
        for (int step = 0; step < MAX_TRACE && current != null; step++) {
            String kind = current.className();
            if (kind.contains("Conv") && !kind.startsWith("Depthwise")) {
                return kind.contains("1D") ? 3 : kind.contains("3D") ? 5 : 4;
            }
            if (kind.equals("Flatten") || GLOBAL_POOLING.contains(kind)) {
                return 2;
            }
            if (kind.equals("Reshape") && current.option("target_shape").filter(JsonCursor::isArray).isPresent()) {
                return current.option("target_shape").get().elements().size() + 1;
            }
            KerasLayer here = current;
            Optional<JsonCursor> declared = shapeOption(here).filter(JsonCursor::isArray)
                    .or(() -> here.json().find("build_config").filter(JsonCursor::isObject)
                            .flatMap(b -> b.find("input_shape")).filter(JsonCursor::isArray));
            if (declared.isPresent()) {
                return declared.get().elements().size();
            }
            if (!kind.equals("Dense") && !KEEP_CHANNELS.contains(kind)) {
                return -1;
            }
            if (index >= 0) {
                index--;
                current = index >= 0 ? layers.get(index) : null;
            } else {
                current = current.inbound().isEmpty() ? null : byName.get(current.inbound().get(0));
            }
        }
        return -1;
    }
}
